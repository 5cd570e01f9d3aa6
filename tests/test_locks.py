"""Lock files, pyproject.toml, the README's two commands and .ci/run must agree, or a fresh machine breaks."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def locked(name: str) -> dict[str, list[tuple[str, str | None]]]:
    """Package -> [(version, marker)], since a universal lock may pin one package twice under markers."""
    pins: dict[str, list[tuple[str, str | None]]] = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            pins.setdefault(canonicalize_name(m[1]), []).append((m[2], m[3]))
    return pins


def ranges(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"]] + (_extra(project, extra) if extra else [])


def _extra(project: dict, extra: str) -> list[Requirement]:
    """An extra's ranges, with those of the extras it names (`centricity[stats]`), however deep."""
    reqs = []
    for r in project["optional-dependencies"][extra]:
        req = Requirement(r)
        if canonicalize_name(req.name) == "centricity":
            for inner in sorted(req.extras):
                reqs += _extra(project, inner)
        else:
            reqs.append(req)
    return reqs


def applies(marker: str | None) -> bool:
    return marker is None or Marker(marker).evaluate()


LOCKS = [("requirements.txt", None), ("requirements-collect.txt", "collect"), ("requirements-dev.txt", "dev")]


@pytest.mark.parametrize(("lock", "extra"), LOCKS)
def test_every_range_is_locked_and_satisfied(lock, extra):
    pins = locked(lock)
    for req in ranges(extra):
        versions = [v for v, marker in pins.get(canonicalize_name(req.name), []) if applies(marker)]
        assert versions, f"{lock} does not pin {req.name}; run .ci/lock"
        for version in versions:
            assert req.specifier.contains(version, prereleases=True), (
                f"{lock} pins {req.name}=={version}, outside {req.specifier} in pyproject.toml; run .ci/lock"
            )


@pytest.mark.parametrize("lock", [lock for lock, _ in LOCKS])
def test_every_pin_carries_hashes(lock):
    text = (ROOT / lock).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    for block in blocks:
        if PIN.match(block.splitlines()[0]):
            assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-collect.txt"])
def test_runtime_and_collect_locks_are_subsets_of_the_dev_lock(lock):
    """The collecting server runs on exactly the versions the tests ran it on."""
    smaller, dev = locked(lock), locked("requirements-dev.txt")
    for name, pins in smaller.items():
        assert pins == dev.get(name), f"{name} is pinned differently in {lock} and requirements-dev.txt"


def test_the_collect_lock_is_made_by_ci_lock():
    script = (ROOT / ".ci" / "lock").read_text(encoding="utf-8")
    assert "--extra collect -o requirements-collect.txt" in script
    assert (ROOT / "requirements-collect.txt").read_text(encoding="utf-8").splitlines()[1] == "#    .ci/lock"


def test_readme_holds_exactly_two_commands_and_ci_runs_the_second():
    out = [
        subprocess.run(
            [sys.executable, str(ROOT / ".ci" / "readme_command.py"), which],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for which in ("build", "test")
    ]
    assert "requirements.txt" in out[0] and out[0].endswith("python build.py")
    steps = out[1].split(" && ")
    assert "requirements-dev.txt" in out[1] and "python -m pytest -q" in steps
    assert "npx --no-install eslint ." in steps  # the JavaScript linter, from the npm lock
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv" in ci and "readme_command.py test" in ci
    assert 'bash -c "$test_command"' in ci


def test_no_blanket_warning_filter():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["pytest"]["ini_options"]["filterwarnings"] == ["error"]


def test_every_subpackage_ships_in_the_wheel():
    """A subpackage missing from pyproject's list works from the repository and fails once installed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(("centricity", *init.parent.relative_to(ROOT / "site").parts))
        for init in (ROOT / "site").rglob("__init__.py")
    }
    assert found == listed, "pyproject.toml [tool.setuptools] packages must list every subpackage of site/"
    for package in listed:
        folder = ROOT / "site" / Path(*package.split(".")[1:])
        data = {p.name for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"} - {
            p.parent.name for p in folder.rglob("__init__.py") if p.parent != folder
        }
        patterns = config["package-data"].get(package, [])
        for name in data:
            assert any(pattern.startswith(name + "/") for pattern in patterns), (
                f"{package}: {name}/ not shipped"
            )
