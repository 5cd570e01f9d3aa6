"""The brief's size rules, kept by a test: modules up to 600 lines, functions up to 60, Python and JavaScript
alike (JavaScript functions measured by ESLint from the npm lock, so those tests carry the `npm` marker)."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from tests.node import JS, NODE

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for p in (ROOT / "site").rglob("*.py") if "migrations" not in p.parts)
# Every JavaScript file of the repository: page scripts, the audit's probes, the tests' node runners.
JS_SOURCES = sorted(
    {p for base in ("site", "tests", "bench", ".ci") for p in (ROOT / base).rglob("*.*js")}
    | set(ROOT.glob("*.*js"))
)
MAX_MODULE, MAX_FUNCTION = 600, 60


def long_functions(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(root)}:{node.lineno} {node.name} is {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_package_modules_and_functions_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_MODULE})"
    assert long_functions(path) == []


def test_the_size_check_sees_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION))
    sample = tmp_path / "long.py"
    sample.write_text(f"def f():\n{body}\n", encoding="utf-8")
    assert long_functions(sample, tmp_path) == [f"long.py:1 f is {MAX_FUNCTION + 1} lines"]


def long_js_functions(paths: list[Path], root: Path = ROOT) -> list[str]:
    proc = subprocess.run(
        [NODE, str(JS / "sizes.js")],
        input=json.dumps({"max": MAX_FUNCTION, "files": [str(p) for p in paths]}),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    return [f"{Path(m['file']).relative_to(root)}:{m['line']} {m['message']}" for m in found]


def test_javascript_modules_are_small():
    assert len(JS_SOURCES) > 20
    lines = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in JS_SOURCES}
    assert {name: n for name, n in lines.items() if n > MAX_MODULE} == {}


@pytest.mark.npm
def test_javascript_functions_are_small():
    assert long_js_functions(JS_SOURCES) == []


@pytest.mark.npm
def test_the_size_check_sees_a_long_javascript_function(tmp_path):
    body = "\n".join(f"  var x{i} = {i};" for i in range(MAX_FUNCTION - 1))
    sample = tmp_path / "long.js"
    sample.write_text(f"(function () {{\n  function f() {{\n{body}\n  }}\n  f();\n}})();\n", encoding="utf-8")
    assert long_js_functions([sample], tmp_path) == [
        f"long.js:2 Function 'f' has too many lines ({MAX_FUNCTION + 1}). Maximum allowed is {MAX_FUNCTION}."
    ]
