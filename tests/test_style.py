"""The brief's size rules, kept by a test: modules up to 600 lines, functions up to 60."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for p in (ROOT / "site").rglob("*.py") if "migrations" not in p.parts)
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
