"""Read the Markdown content pages: front matter, body, and the short-form links between pages.

Links are written as `[text](myth:its-easy)` so authors never hard-code URLs: the site resolves them
with `url_for` (which Frozen-Flask follows and makes relative), and `check` reports any that point nowhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from centricity.core import limits
from centricity.core.errors import Problem, ValidationError
from centricity.model.reader import Reader
from centricity.model.yamlsource import check_characters, loads, read_text

LINK_KINDS = ("myth", "dimension", "level", "page", "assessment", "profile")
_LINK = re.compile(r"\]\((" + "|".join(LINK_KINDS) + r"):([^)\s#]+)(#[^)\s]*)?\)")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
FRONT_FIELDS = {"title": True, "summary": True, "organization": False}
Resolver = Callable[[str, str], str | None]


@dataclass(frozen=True)
class Link:
    kind: str
    target: str
    line: int


@dataclass(frozen=True)
class Page:
    lang: str
    slug: str
    title: str
    summary: str
    body: str
    source: str
    body_line: int
    meta: dict[str, str] = field(default_factory=dict)
    links: tuple[Link, ...] = ()

    def html(self, resolve: Resolver) -> str:
        return render_markdown(self.body, resolve)


@dataclass
class Content:
    root: Path
    pages: dict[tuple[str, str], Page]

    def get(self, lang: str, slug: str) -> Page | None:
        return self.pages.get((lang, slug))


def load_content(root: Path, languages: tuple[str, ...], display_root: str | None = None) -> Content:
    """Load every `*.md` under root/<lang>/; raise ValidationError with every problem found."""
    problems: list[Problem] = []
    pages: dict[tuple[str, str], Page] = {}
    for lang in languages:
        base = root / lang
        if not base.is_dir():
            problems.append(Problem(_display(root, base, display_root), None, "", "missing content folder"))
            continue
        for path in sorted(base.rglob("*.md")):
            slug = path.relative_to(base).with_suffix("").as_posix()
            try:
                pages[(lang, slug)] = load_page(path, lang, slug, _display(root, path, display_root))
            except ValidationError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    return Content(root, pages)


def _display(root: Path, path: Path, display_root: str | None) -> str:
    return str(Path(display_root or root.name) / path.relative_to(root))


def load_page(path: Path, lang: str, slug: str, display: str) -> Page:
    """One page: front matter read by the shared YAML reader (its lines are the file's), then the body."""
    text = read_text(path, display, limits.CONTENT_MAX_BYTES)
    check_characters(text, display)
    match = _FRONT.match(text)
    if not match:
        raise ValidationError([Problem(display, 1, "", "missing front matter (--- title/summary ---)")])
    source = loads(match.group(1), display, first_line=2)
    r = Reader(source)
    optional = tuple(k for k, required in FRONT_FIELDS.items() if not required)
    required = tuple(k for k, needed in FRONT_FIELDS.items() if needed)
    r.mapping({} if source.data is None else source.data, (), required, optional)
    meta = source.data if isinstance(source.data, dict) else {}
    fields = {key: r.string(meta[key], (key,)) for key in FRONT_FIELDS if key in meta}
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    _check_heading_ids(r, body, body_line)
    if r.problems:
        raise ValidationError(r.problems)
    links = tuple(
        Link(m.group(1), m.group(2), body_line + body[: m.start()].count("\n")) for m in _LINK.finditer(body)
    )
    return Page(lang, slug, fields["title"], fields["summary"], body, display, body_line, fields, links)


_HEADING_ID = re.compile(r'<h[23] id="([^"]*)"')


def _check_heading_ids(r: Reader, body: str, body_line: int) -> None:
    """An id the page itself uses (`{#result-data}` on a heading) would shadow the page's own element."""
    for ident in _HEADING_ID.findall(render_markdown(body, lambda kind, target: "#", keep_reserved=True)):
        if reserved_element_id(ident):
            at = body.find(ident)
            line = body_line + body.count("\n", 0, at) if at >= 0 else body_line
            r.problems.append(
                Problem(
                    r.src.file, line, "", f"heading id {ident!r} is used by the page itself; choose another"
                )
            )


def reserved_element_id(ident: str) -> bool:
    return (
        ident in limits.RESERVED_ELEMENT_IDS
        or ident.startswith(limits.RESERVED_ELEMENT_PREFIXES)
        or ident.endswith(limits.RESERVED_ELEMENT_SUFFIXES)
    )


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: Resolver):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: ET.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            kind, sep, rest = href.partition(":")
            if sep and kind in LINK_KINDS:
                target, _, anchor = rest.partition("#")
                url = self.resolve(kind, target)
                if url is None:
                    a.tag = "span"
                    a.attrib.pop("href")
                else:
                    a.set("href", url + (f"#{anchor}" if anchor else ""))


class _Links(Extension):
    def __init__(self, resolve: Resolver):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkRewriter(md, self.resolve), "centricity_links", 5)


_TAGS = {
    "p",
    "a",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "span",
    "abbr",
    "sup",
    "sub",
}


def render_markdown(text: str, resolve: Resolver, keep_reserved: bool = False) -> str:
    """Markdown to HTML with links resolved, then sanitized: content may come from a client's folder.
    Heading ids the page itself uses are dropped (`check` reports them), unless kept for that check."""
    html = markdown.markdown(
        text, extensions=["tables", "sane_lists", "attr_list", _Links(resolve)], output_format="html"
    )
    labels: set[str] = set()
    return _TABLE.sub(
        lambda m: _scrollable_table(m, labels),
        nh3.clean(
            html,
            tags=_TAGS,
            attributes={
                "a": {"href"},
                "abbr": {"title"},
                "th": {"scope"},
                "td": {"align"},
                "h2": {"id"},
                "h3": {"id"},
            },
            link_rel=None,
            attribute_filter=None if keep_reserved else _drop_reserved_id,
        ),
    )


def _drop_reserved_id(tag: str, attribute: str, value: str) -> str | None:
    return None if attribute == "id" and reserved_element_id(value) else value


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def _scrollable_table(m: re.Match, labels: set[str]) -> str:
    """A wide table scrolls on its own on a narrow screen (not the page), reachable by keyboard, as a region
    named by its column headers. Added after sanitizing: the wrapper is ours, not the author's."""
    head = re.search(r"<thead>(.*?)</thead>", m.group(1), re.DOTALL)
    cells = re.findall(r"<th[^>]*>(.*?)</th>", head.group(1) if head else "", re.DOTALL)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    label = ", ".join(c for c in cells if c).replace('"', "&quot;")
    if not label or label in labels:  # a landmark's name must be unique on the page
        return f'<div class="table-wrap" tabindex="0">{m.group(0)}</div>'
    labels.add(label)
    return f'<section class="table-wrap" tabindex="0" aria-label="{label}">{m.group(0)}</section>'
