"""The in-page probes: JavaScript run inside the audited page, kept as real files in `probes/` so editors,
`node --check` (tests/test_audit.py) and reviewers see them as code rather than as Python strings."""

from __future__ import annotations

import functools
from pathlib import Path

PROBES = Path(__file__).resolve().parent / "probes"


@functools.cache
def probe(name: str) -> str:
    """The source of `probes/<name>.js`: one function expression, which Playwright's evaluate() calls."""
    return (PROBES / f"{name}.js").read_text(encoding="utf-8")
