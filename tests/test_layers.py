"""The package's layers, as docs/architecture.md draws them: a lower layer never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parent.parent / "site"
ORDER = ["core", "model", "engine", "team", "web", "collect", "quality", "cli"]
NO_FLASK = {"core", "model", "engine", "team"}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "centricity" and len(parts) > 1 else None


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                raise AssertionError(
                    f"{path}:{node.lineno}: relative import; use centricity.<layer>.<module>"
                )
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def modules() -> list[Path]:
    return sorted(p for p in SITE.rglob("*.py") if "migrations" not in p.parts)


def own_layer(path: Path) -> str:
    rel = path.relative_to(SITE).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def test_every_module_belongs_to_a_known_layer():
    for path in modules():
        layer = own_layer(path)
        assert layer in ORDER or layer == "__init__", f"{path}: not in a layer of {ORDER}"


def violations(path: Path, mine: str) -> list[str]:
    found = []
    for line, module in imports(path):
        other = layer_of(module)
        if mine == "__init__" and other is not None:
            found.append(f"{path}:{line}: the package root imports nothing")
        elif other is not None and (other not in ORDER or ORDER.index(other) > ORDER.index(mine)):
            found.append(f"{path}:{line}: {mine} imports higher or unknown layer {module}")
        if mine in NO_FLASK and module.split(".")[0] in {"flask", "flask_frozen", "wtforms", "sqlalchemy"}:
            found.append(f"{path}:{line}: the {mine} layer must not depend on {module}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SITE)))
def test_no_module_imports_a_higher_layer(path):
    assert violations(path, own_layer(path)) == []


def test_the_layer_check_catches_upward_and_framework_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from centricity.web.app import create_app\nimport flask\n", encoding="utf-8")
    assert len(violations(bad, "engine")) == 2
    assert violations(bad, "quality") == []


def test_every_layer_states_its_rule():
    for layer in ORDER[:-1]:
        init = SITE / layer / "__init__.py"
        if init.exists():
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            assert "Rule:" in doc, f"{init}: the docstring must state the layer's rule"
