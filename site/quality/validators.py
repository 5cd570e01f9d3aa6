"""File checks that need no browser: html-validate over every HTML file, csstree-validator and url()
resolution over every CSS file, and robots.txt.

html-validate rules relaxed in .htmlvalidate.json (JSON takes no comments, so the reasons are here):
- no-trailing-whitespace: off. The pages are generated; the whitespace is what Jinja block tags leave,
  invisible to browsers and people. Removing it would mean whitespace control on most template lines.
- long-title: maxlength 100 instead of 70. Titles are "page · questionnaire title · site name" and the
  questionnaire title is the author's ("Hoja de trabajo imprimible · Evaluación de madurez en orientación
  al cliente · Centricity" is 89); 70 is a search-result truncation guideline, not a validity rule.
csstree-validator: `margin` inside `@page` is ignored (valid CSS Paged Media that csstree does not know).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from centricity.core.errors import CentricityError
from centricity.quality.tools import Tools

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_ROBOTS_FIELDS = {"user-agent", "allow", "disallow", "sitemap", "crawl-delay", "host"}


def validate_html(tools: Tools, site: Path) -> dict[str, list[str]]:
    """html-validate over every HTML file: {file relative to the site: ["line:col rule: message", ...]}."""
    with tempfile.TemporaryDirectory(prefix="centricity-hv-") as tmp:
        report = Path(tmp) / "report.json"  # a file: node cuts long piped output short when it exits
        cmd = [
            "node",
            str(tools.bin("html-validate", "html-validate")),
            "--config",
            str(tools.htmlvalidate_config),
            "--formatter",
            f"json={report}",
            "--ext",
            "html",
            str(site),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tools.root, check=False)
        if proc.returncode not in (0, 1) or not report.is_file():
            why = proc.stderr.strip() or proc.stdout.strip()
            raise CentricityError(f"html-validate failed to run: {why}")
        found = json.loads(report.read_text())
    out: dict[str, list[str]] = {}
    for item in found:
        rel = Path(item["filePath"]).resolve().relative_to(site.resolve()).as_posix()
        for m in item["messages"]:
            if m.get("severity", 2) >= 2:
                out.setdefault(rel, []).append(
                    f"{m.get('line')}:{m.get('column')} {m.get('ruleId')}: {m['message']}"
                )
    return out


def validate_css(tools: Tools, site: Path) -> list[str]:
    """csstree-validator over every CSS file, and every url() in it resolved: ["file:line: message", ...]."""
    files = sorted(site.rglob("*.css"))
    if not files:
        return []
    cmd = ["node", str(tools.bin("csstree-validator", "csstree-validator")), "--reporter", "json"]
    proc = subprocess.run(
        [*cmd, *map(str, files)], capture_output=True, text=True, cwd=tools.root, check=False
    )
    try:
        found = json.loads(proc.stdout.strip() or proc.stderr)  # with problems, the report goes to stderr
    except json.JSONDecodeError as exc:
        raise CentricityError(f"csstree-validator failed to run: {proc.stderr.strip()}") from exc
    problems = []
    for m in found:
        if m.get("atrule") == "page" and str(m.get("descriptor", "")).startswith("margin"):
            continue
        rel = Path(m["name"]).resolve().relative_to(site.resolve()).as_posix()
        problems.append(f"{rel}:{m.get('line')}: {m['message']}")
    for file in files:
        problems += css_urls(site, file)
    return problems


def css_urls(site: Path, file: Path) -> list[str]:
    """Every url() of a CSS file names a file of the site by a relative URL (data: and #ids aside)."""
    problems = []
    rel = file.relative_to(site).as_posix()
    for n, line in enumerate(file.read_text(errors="replace").splitlines(), 1):
        for _, ref in _CSS_URL.findall(line):
            parts = urlsplit(ref)
            if parts.scheme == "data" or ref.startswith("#"):
                continue
            if parts.scheme or parts.netloc or ref.startswith("/"):
                problems.append(f"{rel}:{n}: url({ref}) is not relative to the site")
            elif not (file.parent / unquote(parts.path)).is_file():
                problems.append(f"{rel}:{n}: url({ref}) names no file")
    return problems


def validate_robots(site: Path) -> list[str]:
    """robots.txt exists, and every line is a comment or a known `field: value`."""
    file = site / "robots.txt"
    if not file.is_file():
        return ["robots.txt: missing"]
    problems = []
    lines = file.read_text(errors="replace").splitlines()
    for n, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        name, sep, _ = text.partition(":")
        if not sep or name.strip().lower() not in _ROBOTS_FIELDS:
            problems.append(f"robots.txt:{n}: not a robots.txt rule: {line[:60]!r}")
    if not any(line.lower().startswith("user-agent:") for line in lines):
        problems.append("robots.txt: no User-agent line")
    return problems
