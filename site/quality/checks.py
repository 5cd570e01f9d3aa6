"""Checks of one open page: what it loads and links to (links, privacy, CSP) and accessibility (axe-core).

- links: every href/src/action (and og:image) names a file of the site, `#id` anchors exist in their target,
  links are index.html-suffixed (the site also works opened from disk);
- privacy and security: no element that would load from another origin; a Content-Security-Policy meta tag
  (before any script) whose script-src has no 'unsafe-inline' or 'unsafe-eval'; no inline script but
  `type="application/json"` data, no inline event handler, no javascript: URL; no answers in a query string;
- accessibility: axe-core, 0 violations of WCAG 2.2 A/AA, in light and dark colour schemes at 320 and
  1280 px, and no horizontal scroll at 320 px.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from centricity.core.limits import CODE_KEYS
from centricity.engine.shortlink import is_short
from centricity.quality.files import SiteFiles
from centricity.quality.pages import PageReport
from centricity.quality.probes import probe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ("light", "dark")
WIDTHS = (320, 1280)
HEIGHT = 800
# Response-code fields that carry answers (the codec's keys less the survey tags, which links may carry).
ANSWER_KEYS = set(CODE_KEYS) - {"s", "tm", "w"}
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
UNSAFE_SCRIPT_SOURCES = (
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "*",
    "data:",
    "http:",
    "https:",
)


def csp_problems(policy: str) -> list[str]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    script = directives.get("script-src", directives.get("default-src"))
    if script is None:
        return ["the Content-Security-Policy has neither script-src nor default-src"]
    return [
        f"the Content-Security-Policy script-src allows {w}" for w in script if w in UNSAFE_SCRIPT_SOURCES
    ]


def is_code(text: str) -> bool:
    """Whether a fragment or query is a response code (format 1 `key=value&...` or short format 2)."""
    return is_short(text) or "=" in text


def has_answers(query: str) -> bool:
    if is_short(unquote(query)):
        return True
    return bool(query) and bool(ANSWER_KEYS & {k for k, _ in parse_qsl(query, keep_blank_values=True)})


async def check_facts(page, rep: PageReport, origin: str, files: SiteFiles) -> None:
    """CSP, inline script and handlers, and every URL of the rendered page (probes/facts.js)."""
    facts = await page.evaluate(probe("facts"))
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
        check_ref(ref, rep, origin, here, set(facts["ids"]), files)


def check_ref(ref: dict, rep: PageReport, origin: str, here: str, ids: set[str], files: SiteFiles) -> None:
    """One URL of the page: not to another origin if it loads, not carrying answers, naming a site file."""
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
    if has_answers(parts.query):
        rep.add("privacy", f"{what}: answers in a query string")
    rep.links += 1
    if tag == "form" and not raw:
        return
    _check_target(what, parts.path, unquote(parts.fragment), rep, here, ids, files)


def _check_target(
    what: str, path: str, frag: str, rep: PageReport, here: str, ids: set[str], files: SiteFiles
) -> None:
    file = files.file_for(path)
    if file is None:
        rep.add("links", f"{what}: points outside the site (a root-relative URL?)")
        return
    if file.is_dir():
        rep.add("links", f"{what}: names a folder, not its index.html (breaks when opened from disk)")
        file = file / "index.html"
    if not file.is_file():
        rep.add("links", f"{what}: no such file {files.rel(file)}")
        return
    if frag and not is_code(frag) and frag != "top":  # a response code is not an id
        same = path == here
        if frag not in (ids if same else files.ids_in(file)):
            where = "this page" if same else files.rel(file)
            rep.add("links", f"{what}: no element with id {frag!r} in {where}")


async def check_axe(page, rep: PageReport, axe_source: str) -> None:
    """axe-core in both colour schemes at both widths; sideways scrolling at 320 px counts as a violation."""
    await page.evaluate(axe_source)
    for scheme in SCHEMES:
        await page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            await page.set_viewport_size({"width": width, "height": HEIGHT})
            if width == 320:
                sw, cw = await page.evaluate(probe("scroll"))
                if sw > cw:
                    rep.add("axe", f"{scheme} {width}px: scrolls sideways ({sw} px of content in {cw})")
            for v in await page.evaluate(probe("axe_run"), AXE_TAGS):
                rep.add(
                    "axe",
                    f"{scheme} {width}px: {v['id']} x{v['count']} ({v['help']}) at {'; '.join(v['nodes'])}",
                )
