"""The quality gates: `python build.py audit [SITE]` opens every page of a frozen site in headless Chromium.

The site (built into a temporary folder unless SITE is given) is served on 127.0.0.1 under a sub-path, so a
root-relative URL shows up as a broken link. Every HTML page is opened, the result, team and survey pages
also in a filled state (random valid answers made with `responses.encode`; a few responses loaded into the
team view; survey links made),
and checked for:

- accessibility: axe-core, 0 violations of WCAG 2.2 A/AA, in light and dark colour schemes at 320 and
  1280 px; no horizontal scroll at 320 px; a Tab walk through the page (at 320 px) in which every focus stop
  shows an outline or box-shadow and is not hidden (off screen or under sticky content), and the first Tab
  lands on a skip link to #main;
- keyboard (the assessment pages): every question answered with Tab, Space and arrow keys only, submitted
  with Enter; the result page must then show the overall level that Python's scoring gives. Once at 1280 px
  and once at 200% zoom (640 px wide at device scale 2), where the page must not scroll sideways either;
- valid HTML and CSS: html-validate (config: .htmlvalidate.json) and csstree-validator, once over all files;
- links: every href/src/action (and og:image) of the rendered page names a file of the site, `#id` anchors
  exist in their target, links are index.html-suffixed (the site also works opened from disk), no request
  to the site fails, every url() in the CSS resolves; robots.txt is well formed;
- privacy and security: no request to another origin and no element that would load from one; no cookie; a
  Content-Security-Policy meta tag (before any script) whose script-src has no 'unsafe-inline' or
  'unsafe-eval'; no inline script but `type="application/json"` data, no inline event handler, no
  javascript: URL; no CSP violation; no request whose query string carries answers;
- weight: raw and gzip bytes of the page plus its same-origin subresources, and the request count. Budgets:
  the assessment page at most 30 KB gzip in at most 5 requests, any page at most 60 KB gzip (1 KB = 1024 B).

`--lighthouse` also runs Lighthouse (mobile defaults) 3 times on the home, assessment and (filled) result
pages of every language, served at the root of their origin: median performance >= 95; accessibility, best
practices and SEO 100 in every run. Its robots-txt audit is skipped (see LIGHTHOUSE_SKIP).

html-validate rules relaxed in .htmlvalidate.json (JSON takes no comments, so the reasons are here):
- no-trailing-whitespace: off. The pages are generated; the whitespace is what Jinja block tags leave,
  invisible to browsers and people. Removing it would mean whitespace control on most template lines.
- long-title: maxlength 100 instead of 70. Titles are "page · questionnaire title · site name" and the
  questionnaire title is the author's ("Hoja de trabajo imprimible · Evaluación de madurez en orientación
  al cliente · Centricity" is 89); 70 is a search-result truncation guideline, not a validity rule.
csstree-validator: `margin` inside `@page` is ignored (valid CSS Paged Media that csstree does not know).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from centricity.core.errors import CentricityError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The audited browser cannot reach any host but this one, whatever a broken page asks for.
AUDIT_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ("light", "dark")
WIDTHS = (320, 1280)
HEIGHT = 800
PREFIX = "/audit/sub/path/"  # the site is served under a sub-path: every URL must be relative
KB = 1024
BUDGET_ASSESSMENT_GZIP = 30 * KB
BUDGET_ASSESSMENT_REQUESTS = 5
BUDGET_PAGE_GZIP = 60 * KB
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE_MIN_PERFORMANCE = 95
# Lighthouse fetches /robots.txt from inside the page, which the site's CSP (connect-src 'none': nothing is
# sent from a page) forbids, so it always reports "unable to download" (GoogleChrome/lighthouse#4386).
# validate_robots() checks the file instead.
LIGHTHOUSE_SKIP = ("robots-txt",)
SEED = 2026
# Response-code fields that carry answers (responses._KEYS less the survey tags, which links may carry).
ANSWER_KEYS = {"a", "c", "f", "t", "n", "d", "q", "v"}
# Elements whose URL the browser fetches (a link with another rel, e.g. stylesheet or icon, too).
RESOURCE_TAGS = {
    "script",
    "img",
    "iframe",
    "frame",
    "source",
    "video",
    "audio",
    "embed",
    "object",
    "track",
    "input",
    "use",
    "image",
    "form",
}
CHECKS = ("axe", "html", "links", "privacy", "keys", "js", "weight")
DASH = "\u2013"

Log = Callable[[str], None]


# ---------------------------------------------------------------------------------------------------------
# What is found


@dataclass
class PageReport:
    name: str  # e.g. "en/assessment/customer-centricity/", "en/result/customer-centricity/ (filled)"
    file: str  # the HTML file, relative to the site
    kind: str  # root, home, assessment, result, team, myths, page, 404...
    state: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)
    links: int = 0
    raw: int = 0
    gzip: int = 0
    requests: int = 0

    def add(self, check: str, problem: str) -> None:
        self.problems.setdefault(check, []).append(problem)

    def count(self, check: str) -> int:
        return len(self.problems.get(check, []))


def page_kind(rel: str) -> str:
    parts = rel.split("/")
    if rel == "index.html":
        return "root"
    if rel == "404.html":
        return "404"
    if len(parts) == 2:
        return "home"
    if len(parts) == 3:
        return "learn" if parts[1] == "learn" else "page"
    return parts[1]


def page_name(rel: str) -> str:
    if rel.endswith("index.html"):
        return rel[: -len("index.html")] or "/"
    return rel


@dataclass
class Target:
    rel: str
    kind: str
    state: str = ""
    fragment: str = ""
    team_codes: tuple[str, ...] = ()
    expect_level: str = ""
    error: str = ""

    @property
    def name(self) -> str:
        return f"{page_name(self.rel)} ({self.state})" if self.state else page_name(self.rel)


# ---------------------------------------------------------------------------------------------------------
# Serving the site under a sub-path


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = PREFIX

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file" / "x")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser closing a connection early is not the site's problem


class Server:
    """The site on 127.0.0.1 (a free port), under `prefix`."""

    def __init__(self, directory: Path, prefix: str = PREFIX):
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        self.prefix = prefix
        self.httpd = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def base(self) -> str:
        return self.origin + self.prefix

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


# ---------------------------------------------------------------------------------------------------------
# Node tools (npm ci from package-lock.json)


def tools_dir() -> Path:
    for candidate in (Path.cwd(), ROOT):
        if (candidate / "node_modules" / "axe-core" / "axe.min.js").is_file():
            return candidate
    raise CentricityError("node_modules not found: run `npm ci --no-audit --no-fund` in the repository first")


def _node_bin(tools: Path, package: str, name: str) -> Path:
    meta = json.loads((tools / "node_modules" / package / "package.json").read_text())
    bins = meta["bin"] if isinstance(meta["bin"], dict) else {package: meta["bin"]}
    return tools / "node_modules" / package / bins[name]


def validate_html(tools: Path, site: Path) -> dict[str, list[str]]:
    """html-validate over every HTML file: {file relative to the site: ["line:col rule: message", ...]}."""
    config = tools / ".htmlvalidate.json"
    if not config.is_file():
        config = ROOT / ".htmlvalidate.json"
    with tempfile.TemporaryDirectory(prefix="centricity-hv-") as tmp:
        report = Path(tmp) / "report.json"  # a file: node cuts long piped output short when it exits
        cmd = [
            "node",
            str(_node_bin(tools, "html-validate", "html-validate")),
            "--config",
            str(config),
            "--formatter",
            f"json={report}",
            "--ext",
            "html",
            str(site),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tools, check=False)
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


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def validate_css(tools: Path, site: Path) -> list[str]:
    """csstree-validator over every CSS file, and every url() in it resolved: ["file:line: message", ...]."""
    files = sorted(site.rglob("*.css"))
    if not files:
        return []
    cmd = [
        "node",
        str(_node_bin(tools, "csstree-validator", "csstree-validator")),
        "--reporter",
        "json",
        *map(str, files),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tools, check=False)
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
        for n, line in enumerate(file.read_text(errors="replace").splitlines(), 1):
            for _, ref in _CSS_URL.findall(line):
                parts = urlsplit(ref)
                if parts.scheme in ("data",) or ref.startswith("#"):
                    continue
                rel = file.relative_to(site).as_posix()
                if parts.scheme or parts.netloc or ref.startswith("/"):
                    problems.append(f"{rel}:{n}: url({ref}) is not relative to the site")
                elif not (file.parent / unquote(parts.path)).is_file():
                    problems.append(f"{rel}:{n}: url({ref}) names no file")
    return problems


_ROBOTS_FIELDS = {"user-agent", "allow", "disallow", "sitemap", "crawl-delay", "host"}


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


# ---------------------------------------------------------------------------------------------------------
# Filled states: real answers, made and scored by the Python engine


def random_answers(q, rng: random.Random):
    from centricity.engine.scoring import Answers

    choices: dict[str, int | None] = {}
    for question in q.questions:
        if question.dont_know and rng.random() < 0.1:
            choices[question.id] = None
        else:
            choices[question.id] = rng.randrange(len(question.options))
    context = {c.id: rng.choice(c.options).id for c in q.context}
    return Answers(choices=choices, context=context, felt=rng.randrange(11))


def response_code(q, rng: random.Random, **tags):
    """A response code for random valid answers, and the answers."""
    from centricity.engine.codec import Response, encode

    answers = random_answers(q, rng)
    return encode(Response(q.id, q.version, answers, created="2026-01-15", **tags)), answers


def expected_level(q, answers, lang: str) -> str:
    from centricity.engine.scoring import score

    result = score(q, answers)
    return q.level(result.overall_level).name[lang] if result.overall_level else DASH


def targets(site: Path, catalog, only: Iterable[str] | None = None) -> list[Target]:
    """Every HTML page, plus the result, team and survey pages filled; `only`: names (or prefixes) to keep."""
    rng = random.Random(SEED)
    out: list[Target] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        kind = page_kind(rel)
        out.append(Target(rel, kind))
        if kind == "survey":
            out.append(Target(rel, kind, "filled"))
        if kind not in ("result", "team"):
            continue
        lang, qid = rel.split("/")[0], rel.split("/")[2]
        q = catalog.questionnaires.get(qid) if catalog else None
        if q is None:
            out.append(Target(rel, kind, "filled", error=f"no questionnaire {qid!r} to fill it with"))
        elif kind == "result":
            code, answers = response_code(q, rng, label="Audit")
            level = expected_level(q, answers, lang)
            out.append(Target(rel, kind, "filled", fragment=code, expect_level=level))
        else:
            codes = tuple(
                response_code(q, rng, label=f"R{i}", team=team)[0]
                for i, team in enumerate(("sales", "sales", "service", "service", "ops"))
            )
            out.append(Target(rel, kind, "filled", team_codes=codes))
    if only is not None:
        keep = tuple(only)
        out = [t for t in out if any(t.name == k or t.name.startswith(k) for k in keep)]
    return out


# ---------------------------------------------------------------------------------------------------------
# In-page probes

FACTS_JS = r"""() => {
  const out = {csp: [], cspIndex: -1, firstScript: -1, inline: [], handlers: [], refs: [], ids: []};
  const URL_ATTRS = ['href', 'src', 'action', 'poster', 'data', 'xlink:href', 'formaction', 'background'];
  const ref = (tag, attr, raw, el) => out.refs.push({tag, attr, raw,
    rel: ((el && el.getAttribute('rel')) || '').toLowerCase()});
  Array.from(document.getElementsByTagName('*')).forEach((el, i) => {
    const tag = el.localName;
    if (tag === 'meta') {
      const equiv = (el.getAttribute('http-equiv') || '').toLowerCase();
      if (equiv === 'content-security-policy') {
        out.csp.push(el.getAttribute('content') || '');
        if (out.cspIndex < 0) out.cspIndex = i;
      }
      const prop = el.getAttribute('property') || el.getAttribute('name') || '';
      if (/^(og:image|twitter:image)$/.test(prop) && el.getAttribute('content')) {
        ref('meta', prop, el.getAttribute('content'), null);
      }
    }
    if (tag === 'script') {
      if (out.firstScript < 0) out.firstScript = i;
      const type = (el.getAttribute('type') || '').trim().toLowerCase();
      if (!el.hasAttribute('src') && type !== 'application/json' && type !== 'application/ld+json') {
        out.inline.push((el.textContent || '').trim().slice(0, 60) || '(empty)');
      }
    }
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) out.handlers.push(tag + '[' + a.name + ']');
      if (URL_ATTRS.includes(a.name) && !(a.name === 'data' && tag !== 'object')) {
        ref(tag, a.name, a.value, el);
      }
      if (a.name === 'srcset') {
        a.value.split(',').forEach(c => {
          const u = c.trim().split(/\s+/)[0];
          if (u) ref(tag, 'srcset', u, el);
        });
      }
    }
    if (el.id) out.ids.push(el.id);
    if (tag === 'a' && el.getAttribute('name')) out.ids.push(el.getAttribute('name'));
  });
  out.refs.forEach(r => {
    try { r.url = new URL(r.raw, document.baseURI).href; } catch (e) { r.url = null; }
  });
  return out;
}"""

SCROLL_JS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"

# The focused element: what it is, whether its focus shows, whether it can be seen at all.
FOCUS_JS = r"""() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const r = e.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const pts = [[0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]];
  const mine = (hit) => hit && (hit === e || e.contains(hit) ||
    (e.labels && Array.from(e.labels).some(l => l.contains(hit))));
  let seen = false;
  for (const box of Array.from(e.getClientRects())) {  // a link wrapped over two lines has two boxes
    for (const [fx, fy] of pts) {
      const x = box.left + box.width * fx, y = box.top + box.height * fy;
      if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
      if (mine(document.elementFromPoint(x, y))) { seen = true; break; }
    }
    if (seen) break;
  }
  const cls = typeof e.className === 'string' && e.className.trim() ?
    '.' + e.className.trim().split(/\s+/).join('.') : '';
  const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  const name = e.localName + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '') + cls +
    (text && !e.id && !e.name ? ' "' + text + '"' : '');
  return {name, tag: e.localName, type: e.type || '', inputName: e.name || '', value: e.value || '',
          checked: !!e.checked, href: e.getAttribute('href'), id: e.id || '',
          visible: outline || shadow, obscured: r.width > 0 && r.height > 0 && !seen};
}"""

# Start Tab navigation from the top of the document again (after the audit clicked something).
RESET_FOCUS_JS = """() => {
  window.scrollTo(0, 0);
  const h = document.documentElement;
  h.setAttribute('tabindex', '-1'); h.focus({preventScroll: true}); h.blur(); h.removeAttribute('tabindex');
}"""

AXE_RUN_JS = """(tags) => axe.run(document,
    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, help: v.help,
     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3), count: v.nodes.length})))"""

LEVEL_SHOWN_JS = """() => { const e = document.querySelector('[data-slot=overall-level]');
  return e && e.textContent.trim() !== ''; }"""


def csp_problems(policy: str) -> list[str]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    script = directives.get("script-src", directives.get("default-src"))
    if script is None:
        return ["the Content-Security-Policy has neither script-src nor default-src"]
    unsafe = (
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'unsafe-hashes'",
        "'wasm-unsafe-eval'",
        "*",
        "data:",
        "http:",
        "https:",
    )
    return [f"the Content-Security-Policy script-src allows {w}" for w in script if w in unsafe]


def _has_answers(query: str) -> bool:
    return bool(query) and bool(ANSWER_KEYS & {k for k, _ in parse_qsl(query, keep_blank_values=True)})


# ---------------------------------------------------------------------------------------------------------
# The audit


class Auditor:
    def __init__(self, site: Path, catalog, tools: Path | None, workers: int = 2):
        self.site = site
        self.catalog = catalog
        self.workers = workers
        self.axe_source = (tools / "node_modules" / "axe-core" / "axe.min.js").read_text() if tools else ""
        self._ids: dict[Path, set[str]] = {}
        self._sizes: dict[Path, tuple[int, int]] = {}
        self.keyboard: list[str] = []  # the keyboard runs that completed

    # -- helpers -----------------------------------------------------------------------------------------
    def file_for(self, path: str) -> Path | None:
        """The site file a same-origin URL path names (None: outside the site)."""
        if not path.startswith(PREFIX):
            return None
        return self.site / unquote(path[len(PREFIX) :])

    def sizes(self, file: Path) -> tuple[int, int]:
        if file not in self._sizes:
            data = file.read_bytes()
            self._sizes[file] = (len(data), len(gzip.compress(data, compresslevel=6)))
        return self._sizes[file]

    def ids_in(self, file: Path) -> set[str]:
        if file not in self._ids:
            text = file.read_text(errors="replace")
            self._ids[file] = set(re.findall(r"""\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""", text))
        return self._ids[file]

    async def _open(self, browser, t: Target, origin: str, rep: PageReport, requests: list[str]):
        ctx = await browser.new_context(
            viewport={"width": 1280, "height": HEIGHT},
            color_scheme="light",
            locale="fr-FR" if t.kind == "root" else "en-GB",
            service_workers="block",
        )
        page = await ctx.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: rep.add("js", f"script error: {str(e).splitlines()[0][:160]}"))

        def on_console(msg) -> None:
            if msg.type != "error" or "Failed to load resource" in msg.text:
                return  # failed loads are reported from the response, with the URL
            if "Content Security Policy" in msg.text:
                rep.add("privacy", f"CSP violation: {msg.text[:200]}")
            else:
                rep.add("js", f"console error: {msg.text[:200]}")

        def on_response(r) -> None:
            if r.status >= 400 and r.url.startswith(origin):
                rep.add("links", f"{r.request.resource_type} {urlsplit(r.url).path} answered {r.status}")

        page.on("console", on_console)
        page.on("response", on_response)
        # The root page sends a browser whose language it knows to that language's home: a locale it does
        # not know keeps it where it is, to be audited.
        await page.goto(origin + PREFIX + t.rel + (f"#{t.fragment}" if t.fragment else ""), wait_until="load")
        return ctx, page

    # -- one page ----------------------------------------------------------------------------------------
    async def audit(self, browser, t: Target, origin: str, weights_only: bool = False) -> PageReport:
        rep = PageReport(t.name, t.rel, t.kind, t.state)
        if t.error:
            rep.add("js", t.error)
            return rep
        requests: list[str] = []
        ctx = None
        try:
            ctx, page = await self._open(browser, t, origin, rep, requests)
            await self._state(page, t, rep)
            if not weights_only:
                await self._facts(page, rep, origin)
                await self._tab_walk(page, rep)
                await self._axe(page, rep)
                cookies = await ctx.cookies()
                if cookies:
                    rep.add("privacy", f"cookies set: {', '.join(c['name'] for c in cookies)}")
            # Late requests (Chromium asks for the icon after "load") count too: weigh once the network is
            # quiet; after the checks above it usually has been for a while, and this returns at once.
            await page.wait_for_load_state("networkidle")
            self._weigh(rep, requests, origin)
        except Exception as exc:  # a page that cannot be audited is a failure, not a crash
            first = (str(exc).splitlines() or [""])[0][:200]
            rep.add("js", f"the audit could not finish: {type(exc).__name__}: {first}")
        finally:
            if ctx is not None:
                await ctx.close()
        return rep

    async def _state(self, page, t: Target, rep: PageReport) -> None:
        if t.kind == "result" and t.state == "filled":
            try:
                await page.wait_for_function(LEVEL_SHOWN_JS, timeout=5000)
            except Exception:
                rep.add("js", "the filled result shows no overall level")
                return
            shown = (await page.locator("[data-slot=overall-level]").text_content() or "").strip()
            if shown != t.expect_level:
                rep.add("js", f"the filled result shows level {shown!r}, Python scores {t.expect_level!r}")
        if t.kind == "team" and t.state == "filled":
            box = page.locator("textarea[data-team-codes]")
            if not await box.count():
                rep.add("js", "no textarea[data-team-codes] to load responses into")
                return
            await box.fill("\n".join(t.team_codes))
            await page.locator("[data-team-add]").click()
            try:
                await page.locator("[data-team-output]").wait_for(state="visible", timeout=5000)
            except Exception:
                rep.add(
                    "js",
                    f"{len(t.team_codes)} responses loaded, but the team summary "
                    "([data-team-output]) did not appear",
                )
        if t.kind == "survey" and t.state == "filled":
            form = page.locator("form[data-survey-form]")
            if not await form.count():
                rep.add("js", "no form[data-survey-form] to make survey links with")
                return
            await form.locator("[name=survey]").fill("acme-2026")
            await form.locator("[name=teams]").fill("sales, customer-service, it")
            await form.locator("[type=submit]").click()
            try:
                await page.locator("[data-survey-links]").wait_for(state="visible", timeout=5000)
            except Exception:
                rep.add("js", "the survey form made no table of links ([data-survey-links])")

    async def _facts(self, page, rep: PageReport, origin: str) -> None:
        facts = await page.evaluate(FACTS_JS)
        if not facts["csp"]:
            rep.add("privacy", "no Content-Security-Policy meta tag")
        else:
            for problem in csp_problems(facts["csp"][0]):
                rep.add("privacy", problem)
            if 0 <= facts["firstScript"] < facts["cspIndex"]:
                rep.add("privacy", "the Content-Security-Policy meta tag comes after a script")
        for text in facts["inline"]:
            rep.add("privacy", f"inline script: {text!r}")
        for handler in sorted(set(facts["handlers"])):
            rep.add("privacy", f"inline event handler {handler}")
        here = urlsplit(page.url).path
        for ref in facts["refs"]:
            self._check_ref(ref, rep, origin, here, set(facts["ids"]))

    def _check_ref(self, ref: dict, rep: PageReport, origin: str, here: str, ids: set[str]) -> None:
        raw, url, tag = ref["raw"], ref["url"], ref["tag"]
        what = f"<{tag} {ref['attr']}={raw[:100]!r}>"
        if url is None:
            rep.add("links", f"{what}: not a URL")
            return
        parts = urlsplit(url)
        if parts.scheme == "javascript":
            rep.add("privacy", f"{what}: a javascript: URL")
            return
        if parts.scheme in ("data", "blob", "mailto", "tel", "about"):
            return
        rels = set(ref["rel"].split())
        loads = tag in RESOURCE_TAGS or (tag == "link" and not {"canonical", "alternate"} & rels)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            if loads:
                rep.add("privacy", f"{what}: loads from another origin")
            return  # a plain link out of the site: nothing is loaded, nothing to check offline
        if _has_answers(parts.query):
            rep.add("privacy", f"{what}: answers in a query string")
        rep.links += 1
        if tag == "form" and not raw:
            return
        file = self.file_for(parts.path)
        if file is None:
            rep.add("links", f"{what}: points outside the site (a root-relative URL?)")
            return
        if file.is_dir():
            rep.add("links", f"{what}: names a folder, not its index.html (breaks when opened from disk)")
            file = file / "index.html"
        if not file.is_file():
            rep.add("links", f"{what}: no such file {file.relative_to(self.site).as_posix()}")
            return
        frag = unquote(parts.fragment)
        if frag and "=" not in frag and frag != "top":  # a fragment with "=" is a response code, not an id
            same = parts.path == here
            if frag not in (ids if same else self.ids_in(file)):
                where = "this page" if same else file.relative_to(self.site).as_posix()
                rep.add("links", f"{what}: no element with id {frag!r} in {where}")

    async def _tab_walk(self, page, rep: PageReport) -> None:
        """Tab through the page at 320 px: a skip link first, every stop visibly focused and not hidden."""
        await page.set_viewport_size({"width": 320, "height": 640})
        await page.evaluate(RESET_FOCUS_JS)
        first = None
        for i in range(400):
            await page.keyboard.press("Tab")
            f = await page.evaluate(FOCUS_JS)
            if f is None:
                break
            if i == 0:
                if f["tag"] != "a" or f["href"] != "#main":
                    rep.add("keys", f"the first Tab lands on {f['name']}, not a skip link to #main")
                first = f["name"]
            elif f["name"] == first:
                break
            if not f["visible"]:
                rep.add("keys", f"no visible focus (outline or box-shadow) on {f['name']}")
            elif f["obscured"]:
                rep.add("keys", f"the focused {f['name']} is hidden (off screen or covered) at 320 px")
        else:
            rep.add("keys", "Tab never comes back round (400 stops)")

    async def _axe(self, page, rep: PageReport) -> None:
        await page.evaluate(self.axe_source)
        for scheme in SCHEMES:
            await page.emulate_media(color_scheme=scheme)
            for width in WIDTHS:
                await page.set_viewport_size({"width": width, "height": HEIGHT})
                if width == 320:
                    sw, cw = await page.evaluate(SCROLL_JS)
                    if sw > cw:
                        rep.add("axe", f"{scheme} {width}px: scrolls sideways ({sw} px of content in {cw})")
                for v in await page.evaluate(AXE_RUN_JS, AXE_TAGS):
                    rep.add(
                        "axe",
                        f"{scheme} {width}px: {v['id']} x{v['count']} ({v['help']}) at "
                        f"{'; '.join(v['nodes'])}",
                    )

    def _weigh(self, rep: PageReport, requests: list[str], origin: str) -> None:
        for url in requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if f"{parts.scheme}://{parts.netloc}" != origin:
                rep.add("privacy", f"request to another origin: {url[:120]}")
                continue
            if _has_answers(parts.query):
                rep.add("privacy", f"a request carries answers in its query: {parts.path}?{parts.query[:60]}")
            rep.requests += 1
            file = self.file_for(parts.path)
            if file is not None and file.is_dir():
                file = file / "index.html"
            if file is not None and file.is_file():
                raw, gz = self.sizes(file)
                rep.raw += raw
                rep.gzip += gz
        if rep.kind == "assessment":
            if rep.gzip > BUDGET_ASSESSMENT_GZIP:
                rep.add(
                    "weight",
                    f"{rep.gzip / KB:.1f} KB gzip, over the assessment budget of "
                    f"{BUDGET_ASSESSMENT_GZIP // KB} KB",
                )
            if rep.requests > BUDGET_ASSESSMENT_REQUESTS:
                rep.add(
                    "weight",
                    f"{rep.requests} requests, over the assessment budget of {BUDGET_ASSESSMENT_REQUESTS}",
                )
        if rep.gzip > BUDGET_PAGE_GZIP:
            rep.add(
                "weight", f"{rep.gzip / KB:.1f} KB gzip, over the page budget of {BUDGET_PAGE_GZIP // KB} KB"
            )

    # -- keyboard: complete the assessment -----------------------------------------------------------------
    async def complete_by_keyboard(self, browser, rel: str, origin: str, zoom: bool) -> list[str]:
        """Answer every question with Tab/Space/arrows, submit with Enter; the result must show the level."""
        lang, qid = rel.split("/")[0], rel.split("/")[2]
        where = f"{page_name(rel)} ({'200% zoom' if zoom else '1280 px'})"
        q = self.catalog.questionnaires.get(qid) if self.catalog else None
        if q is None:
            return [f"{where}: no questionnaire {qid!r} to answer"]
        answers = random_answers(q, random.Random(f"{SEED}:{rel}:{zoom}"))
        want = {
            "felt": str(answers.felt),
            **{k: ("x" if v is None else str(v)) for k, v in answers.choices.items()},
            **{f"ctx_{k}": v for k, v in answers.context.items()},
        }
        viewport = {"width": 640, "height": 400} if zoom else {"width": 1280, "height": HEIGHT}
        ctx = await browser.new_context(
            viewport=viewport, device_scale_factor=2 if zoom else 1, locale="en-GB", service_workers="block"
        )
        page = await ctx.new_page()
        problems: list[str] = []
        try:
            await page.goto(origin + PREFIX + rel, wait_until="load")
            sw, cw = await page.evaluate(SCROLL_JS)
            if sw > cw:
                problems.append(f"{where}: scrolls sideways ({sw} px of content in {cw} px)")
            await page.keyboard.press("Tab")
            f = await page.evaluate(FOCUS_JS)
            if not f or f["tag"] != "a" or f["href"] != "#main":
                problems.append(f"{where}: the first Tab does not land on a skip link to #main")
            else:
                await page.keyboard.press("Enter")
                if await page.evaluate("() => document.activeElement && document.activeElement.id") != "main":
                    problems.append(f"{where}: the skip link does not move focus to #main")
            done: set[str] = set()
            for _ in range(600):
                await page.keyboard.press("Tab")
                f = await page.evaluate(FOCUS_JS)
                if f is None:
                    continue
                if not f["visible"]:
                    problems.append(f"{where}: no visible focus on {f['name']}")
                elif f["obscured"]:
                    problems.append(f"{where}: the focused {f['name']} is hidden (off screen or covered)")
                if f["type"] == "submit":
                    break
                name = f["inputName"]
                if f["type"] != "radio" or name not in want or name in done:
                    continue
                values = await page.eval_on_selector_all(
                    f"input[type=radio][name='{name}']", "els => els.map(e => e.value)"
                )
                await page.keyboard.press("Space")
                steps = (values.index(want[name]) - values.index(f["value"])) % len(values)
                for _ in range(steps):
                    await page.keyboard.press("ArrowDown")
                now = await page.evaluate(FOCUS_JS)
                if not now or not now["checked"] or now["value"] != want[name]:
                    problems.append(f"{where}: could not choose {want[name]!r} for {name} with the keyboard")
                    return problems
                done.add(name)
            else:
                problems.append(f"{where}: Tab never reaches the submit button")
                return problems
            if set(want) - done:
                problems.append(f"{where}: Tab reached submit with {sorted(set(want) - done)} unanswered")
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/result/**", timeout=5000)
            parts = urlsplit(page.url)
            if parts.query:
                problems.append(f"{where}: the result URL has a query string ({parts.query[:40]})")
            if not parts.fragment:
                problems.append(f"{where}: the result URL carries no answers in its fragment")
            await page.wait_for_function(LEVEL_SHOWN_JS, timeout=5000)
            shown = (await page.locator("[data-slot=overall-level]").text_content() or "").strip()
            expected = expected_level(q, answers, lang)
            if shown != expected:
                problems.append(f"{where}: the result shows level {shown!r}, Python scores {expected!r}")
            else:
                self.keyboard.append(f"{where}: {len(done)} answers by keyboard, Enter -> level {shown!r}")
        except Exception as exc:
            problems.append(
                f"{where}: the keyboard run could not finish: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:200]}"
            )
        finally:
            await ctx.close()
        return problems

    # -- everything ------------------------------------------------------------------------------------------
    async def run(
        self, origin: str, pages: list[Target], keyboard: bool = True, weights_only: bool = False
    ) -> tuple[list[PageReport], list[str]]:
        from playwright.async_api import async_playwright

        sem = asyncio.Semaphore(self.workers)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=AUDIT_ARGS)
            try:

                async def one(t: Target) -> PageReport:
                    async with sem:
                        return await self.audit(browser, t, origin, weights_only)

                async def kbd(rel: str, zoom: bool) -> list[str]:
                    async with sem:
                        return await self.complete_by_keyboard(browser, rel, origin, zoom)

                forms = [t.rel for t in pages if t.kind == "assessment" and not t.state] if keyboard else []
                # The slow keyboard runs first, so they overlap the page audits instead of trailing them.
                found = await asyncio.gather(
                    *(kbd(rel, z) for rel in forms for z in (False, True)), *(one(t) for t in pages)
                )
            finally:
                await browser.close()
        reports = [r for r in found if isinstance(r, PageReport)]
        problems = [p for r in found if isinstance(r, list) for p in r]
        return reports, problems


def _in_thread(coro):
    """Run a coroutine on a fresh event loop in its own thread (safe where a loop already runs)."""
    out: dict = {}

    def main() -> None:
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:
            out["error"] = exc

    thread = threading.Thread(target=main, name="centricity-audit")
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


# ---------------------------------------------------------------------------------------------------------
# Lighthouse


def lighthouse(tools: Path, urls: dict[str, str], runs: int = LIGHTHOUSE_RUNS, log: Log = print) -> list[str]:
    """Run Lighthouse `runs` times per URL (mobile defaults); print the scores; return the failures."""
    cli = _node_bin(tools, "lighthouse", "lighthouse")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    cats = ("performance", "accessibility", "best-practices", "seo")
    failures = []
    width = max(len(n) for n in urls) + 1
    log("")
    log(f"Lighthouse (mobile defaults), {runs} runs per page; performance: median [runs]; others: lowest run")
    log(f"{'page':<{width}} {'performance':>18} {'a11y':>5} {'bp':>5} {'seo':>5}")
    with tempfile.TemporaryDirectory(prefix="centricity-lh-") as tmp:
        for name, url in urls.items():
            scores: dict[str, list[int]] = {c: [] for c in cats}
            below: set[str] = set()
            errors = []
            for i in range(runs):
                out = Path(tmp) / f"lh-{i}.json"
                cmd = [
                    "node",
                    str(cli),
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={out}",
                    f"--chrome-flags={flags}",
                    f"--only-categories={','.join(cats)}",
                    f"--skip-audits={','.join(LIGHTHOUSE_SKIP)}",
                ]
                proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tools, check=False)
                if proc.returncode or not out.is_file():
                    errors.append((proc.stderr.strip().splitlines() or ["no report"])[-1])
                    continue
                report = json.loads(out.read_text())
                out.unlink()
                for c in cats:
                    s = report["categories"][c]["score"]
                    scores[c].append(round((s or 0) * 100))
                    if c != "performance":
                        below |= {
                            f"{c}:{r['id']}"
                            for r in report["categories"][c]["auditRefs"]
                            if r.get("weight") and (report["audits"][r["id"]].get("score") or 0) < 1
                        }
            if errors:
                failures.append(f"lighthouse {name}: {len(errors)} run(s) failed: {errors[0][:200]}")
                continue
            perf = statistics.median(scores["performance"])
            low = {c: min(scores[c]) for c in cats[1:]}
            log(
                f"{name:<{width}} {perf:>5.0f} {scores['performance']!s:>12} {low['accessibility']:>5} "
                f"{low['best-practices']:>5} {low['seo']:>5}"
            )
            if perf < LIGHTHOUSE_MIN_PERFORMANCE:
                failures.append(
                    f"lighthouse {name}: performance median {perf:.0f} < "
                    f"{LIGHTHOUSE_MIN_PERFORMANCE} (runs {scores['performance']})"
                )
            for c in cats[1:]:
                if min(scores[c]) < 100:
                    failing = sorted(b.split(":", 1)[1] for b in below if b.startswith(c + ":"))
                    failures.append(
                        f"lighthouse {name}: {c} {scores[c]}, must be 100 (failing: "
                        f"{', '.join(failing) or '?'})"
                    )
    return failures


def lighthouse_urls(base: str, catalog) -> dict[str, str]:
    urls = {}
    q = catalog.primary
    code, _ = response_code(q, random.Random(SEED), label="Audit")
    for lang in catalog.languages:
        if lang not in q.languages:
            continue
        urls[f"{lang}/"] = f"{base}{lang}/index.html"
        urls[f"{lang}/assessment/{q.id}/"] = f"{base}{lang}/assessment/{q.id}/index.html"
        urls[f"{lang}/result/{q.id}/ (filled)"] = f"{base}{lang}/result/{q.id}/index.html#{code}"
    return urls


# ---------------------------------------------------------------------------------------------------------
# Report and entry points


def _cell(rep: PageReport, check: str) -> str:
    n = rep.count(check)
    return "ok" if n == 0 else f"{n} ✗"


def print_table(reports: list[PageReport], log: Log = print) -> None:
    width = max([len(r.name) for r in reports] + [4]) + 1
    head = (
        f"{'page':<{width}} {'axe':>5} {'html':>5} {'links':>7} {'privacy':>7} {'keys':>5} {'js':>5} "
        f"{'KB raw':>7} {'KB gzip':>8} {'req':>4}"
    )
    log(head)
    log("-" * len(head))
    for r in reports:
        links = _cell(r, "links") if r.count("links") else f"{r.links} ok"
        gz = f"{r.gzip / KB:.1f}" + (" ✗" if r.count("weight") else "  ")
        cells = " ".join(f"{_cell(r, c):>{w}}" for c, w in (("axe", 5), ("html", 5)))
        more = " ".join(f"{_cell(r, c):>{w}}" for c, w in (("privacy", 7), ("keys", 5), ("js", 5)))
        log(f"{r.name:<{width}} {cells} {links:>7} {more} {r.raw / KB:>7.1f} {gz:>8} {r.requests:>4}")


def audit_site(
    site: Path,
    catalog,
    *,
    lighthouse_runs: int = 0,
    workers: int | None = None,
    only: Iterable[str] | None = None,
    log: Log = print,
) -> int:
    """Audit a frozen site; print the table, the failures and a summary; return the exit code (0 or 1).

    `only` restricts the pages opened in the browser (names or name prefixes, as in the table); HTML, CSS
    and the keyboard runs of the assessment pages among them are still checked.
    """
    start = time.perf_counter()
    tools = tools_dir()
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise CentricityError(f"{site} is not a built site (no index.html)")
    workers = workers or int(os.environ.get("CENTRICITY_AUDIT_WORKERS", "0")) or 2
    html = validate_html(tools, site)
    css = validate_css(tools, site)
    robots = validate_robots(site)
    pages = targets(site, catalog, only)
    auditor = Auditor(site, catalog, tools, workers=workers)
    lh_failures: list[str] = []
    with Server(site) as server:
        reports, keyboard = _in_thread(auditor.run(server.origin, pages))
    if lighthouse_runs:
        # At the root of its origin, as a host serves it: Lighthouse's SEO audit reads /robots.txt.
        with Server(site, prefix="/") as server:
            lh_failures = lighthouse(tools, lighthouse_urls(server.base, catalog), lighthouse_runs, log=log)
    for rep in reports:
        if not rep.state:  # html-validate checks the file: its errors go on the row of the page as shipped
            for problem in html.get(rep.file, []):
                rep.add("html", problem)
    reports.sort(key=lambda r: r.name)
    audited = {r.file for r in reports}

    log("")
    print_table(reports, log)
    failures = [
        f"{r.name}: {check}: {p}" for r in reports for check in CHECKS for p in r.problems.get(check, [])
    ]
    failures += [
        f"{page_name(rel)}: html: {p}" for rel, ps in sorted(html.items()) if rel not in audited for p in ps
    ]
    failures += [f"keyboard: {p}" for p in keyboard]
    failures += [f"css: {p}" for p in css] + robots
    failures += lh_failures
    log("")
    if auditor.keyboard:
        log("Keyboard only (Tab, arrows, Space, Enter):")
        for line in sorted(auditor.keyboard):
            log(f"  {line}")
    if failures:
        log(f"FAILURES ({len(failures)}):")
        for f in failures:
            log(f"  FAIL {f}")

    seconds = time.perf_counter() - start
    assess = [r for r in reports if r.kind == "assessment"]
    log("")
    log("Summary")
    log(
        f"  pages: {len(audited)} HTML files opened, {len(reports)} page states (result, team and survey "
        f"also filled), served under a sub-path; {workers} browser workers"
    )
    axe = sum(r.count("axe") for r in reports)
    log(
        f"  axe-core (WCAG 2.2 A/AA; light and dark; 320 and 1280 px): {axe} violations (sideways scroll "
        "at 320 px counted too)"
    )
    log(
        f"  html-validate: {sum(len(v) for v in html.values())} errors in {len(list(site.rglob('*.html')))} "
        f"files; CSS: {len(css)} errors; robots.txt: {len(robots)} errors"
    )
    log(
        f"  links: {sum(r.links for r in reports)} internal links and assets checked, "
        f"{sum(r.count('links') for r in reports)} broken"
    )
    privacy = sum(r.count("privacy") for r in reports)
    log(f"  privacy: {privacy} problems (other origins, cookies, CSP, inline script, answers in a query)")
    log(
        f"  keyboard: {len(auditor.keyboard)} assessment runs completed by keyboard (1280 px and 200% zoom); "
        f"{sum(r.count('keys') for r in reports) + len(keyboard)} focus problems"
    )
    if reports:
        heaviest = max(reports, key=lambda r: r.gzip)
        if assess:
            worst = max(assess, key=lambda r: r.gzip)
            log(
                f"  weight: assessment at most {worst.gzip / KB:.1f} KB gzip ({worst.raw / KB:.1f} KB raw) "
                f"in {max(r.requests for r in assess)} requests (budget {BUDGET_ASSESSMENT_GZIP // KB} KB, "
                f"{BUDGET_ASSESSMENT_REQUESTS})"
            )
        log(
            f"  weight: heaviest page {heaviest.name} {heaviest.gzip / KB:.1f} KB gzip "
            f"(budget {BUDGET_PAGE_GZIP // KB} KB; 1 KB = 1024 bytes)"
        )
    log(f"  time: {seconds:.1f} s")
    log(f"  {'PASS' if not failures else f'FAIL: {len(failures)} problem(s)'}")
    return 1 if failures else 0


def measure_weights(site: Path, catalog, workers: int = 2) -> list[PageReport]:
    """Raw and gzip bytes and requests of every page state, as loaded by Chromium (no other checks)."""
    pages = targets(site.resolve(), catalog)
    auditor = Auditor(site.resolve(), catalog, None, workers=workers)
    with Server(site) as server:
        reports, _ = _in_thread(auditor.run(server.origin, pages, keyboard=False, weights_only=True))
    return sorted(reports, key=lambda r: r.name)


def run_audit(args: argparse.Namespace) -> int:
    from centricity.engine.profiles import load_site
    from centricity.web.freeze import build

    catalog = load_site(args.questions, args.content, args.config)
    runs = LIGHTHOUSE_RUNS if getattr(args, "lighthouse", False) else 0
    only = getattr(args, "only", None)
    if args.site is not None:
        return audit_site(args.site, catalog, lighthouse_runs=runs, only=only)
    with tempfile.TemporaryDirectory(prefix="centricity-audit-") as tmp:
        report = build(args.questions, args.content, args.config, Path(tmp) / "build")
        print(report, file=sys.stderr)
        return audit_site(report.out, catalog, lighthouse_runs=runs, only=only)
