"""`python build.py serve --reload`: the preview server picks up edits to questionnaires, content, site
settings and templates on the next request, so an author edits and refreshes instead of restarting.

Before each request the inputs' names, sizes and modification times are compared with the last load; on a
change the whole site is loaded again. An edit that does not validate is reported on the terminal, every
problem with its file and line, and the last good version keeps being served until the next save.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask

from centricity.core.errors import CentricityError, ValidationError
from centricity.engine.profiles import load_site


def fingerprint(roots: list[Path]) -> frozenset[tuple[str, int, int]]:
    """What changes when a file under `roots` is added, removed or saved."""
    seen = set()
    for root in roots:
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in files:
            stat = path.stat()
            seen.add((str(path), stat.st_mtime_ns, stat.st_size))
    return frozenset(seen)


def watch(app: Flask, questions: Path, content: Path, config: Path | None) -> None:
    roots = [p for p in (questions, content, config) if p is not None and p.exists()]
    state = {"seen": fingerprint(roots)}
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    app.jinja_env.auto_reload = True

    @app.before_request
    def reload_inputs() -> None:
        now = fingerprint(roots)
        if now == state["seen"]:
            return
        state["seen"] = now
        try:
            app.extensions["centricity"] = load_site(questions, content, config)
        except ValidationError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print("reload: kept the last good version until these are fixed", file=sys.stderr)
        except CentricityError as exc:
            print(f"reload: {exc}; kept the last good version", file=sys.stderr)
        else:
            print("reload: questionnaires and content loaded again", file=sys.stderr)
