"""The command line: exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "data" / "broken"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_passes_on_shipped_files():
    proc = run("check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: 2 questionnaire(s)")
    assert proc.stdout.count("\n") == 1


def test_check_named_files():
    proc = run("check", "questions/customer-centricity.yaml", "questions/quick-check.yaml")
    assert proc.returncode == 0 and "2 questionnaire(s) valid" in proc.stdout


def test_check_fails_with_file_line_field():
    proc = run("check", "tests/data/broken/missing-translation.yaml", "tests/data/broken/level-gap.yaml")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert "tests/data/broken/missing-translation.yaml:52: questions[0].options[1].label.es: missing" in lines
    assert "tests/data/broken/level-gap.yaml:27: levels[1].range: gap between 50 and 60" in lines
    assert lines[-1] == "2 problem(s) found."
    assert "Traceback" not in proc.stderr


def test_build_with_broken_questions_exits_1_and_keeps_build(tmp_path):
    qdir = tmp_path / "q"
    qdir.mkdir()
    (qdir / "x.yaml").write_text((BROKEN / "invalid-yaml.yaml").read_text())
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous")
    proc = run("--questions", str(qdir), "--out", str(out))
    assert proc.returncode == 1
    assert "x.yaml:56: invalid YAML" in proc.stderr and "Traceback" not in proc.stderr
    assert (out / "index.html").read_text() == "previous"


def test_build_default_command(tmp_path):
    proc = run("--out", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("built ") and (tmp_path / "site" / "index.html").is_file()
