"""Spanish and English pages say the same things: same sections, lists, links, tables and figures.

Each page is cut into sections at its headings; per section the two languages must have the same heading
level, the same kinds and lengths of lists, the same table shape, the same link targets and the same
numbers (read with each language's decimal and thousands separators). Wording is free; structure is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from centricity.core import languages

CONTENT = Path(__file__).resolve().parent.parent / "content"
LANGS = languages.supported()
PAGES = sorted({p.relative_to(CONTENT / la).as_posix() for la in LANGS for p in (CONTENT / la).rglob("*.md")})

HEADING = re.compile(r"^(#{1,6})\s")
LIST_ITEM = re.compile(r"^\s*(?:([-*+])|(\d+)[.)])\s+")
LINK = re.compile(r"\]\(([^)\s]+)\)")
TABLE_ROW = re.compile(r"^\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\|[\s:|-]+\|\s*$")


def _number(decimal: str) -> re.Pattern[str]:
    """A number as a language writes it, from its decimal separator (the other one groups thousands):
    53,6 and 1.000 in Spanish; 53.6 and 1,000 in English."""
    d, t = re.escape(decimal), re.escape("." if decimal == "," else ",")
    grouped = rf"(?<![\w.,])\d{{1,3}}(?:{t}\d{{3}})+(?:{d}\d+)?(?![\w])"
    return re.compile(rf"{grouped}|(?<![\w.,])\d+(?:{d}\d+)?(?![\w])")


NUMBER = {lg: _number(languages.language(lg).decimal) for lg in LANGS}


@dataclass
class Section:
    level: int
    lists: list[tuple[str, int]] = field(default_factory=list)  # ("ul" or "ol", items), in order
    tables: list[tuple[int, int]] = field(default_factory=list)  # (rows, columns), in order
    links: Counter = field(default_factory=Counter)
    numbers: Counter = field(default_factory=Counter)


def number_value(text: str, lang: str) -> str:
    decimal = languages.language(lang).decimal
    text = text.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    return f"{float(text):g}"


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("---", 2)[2] if text.startswith("---") else text


def structure(path: Path, lang: str) -> list[Section]:
    sections = [Section(0)]
    kind, items, rows, cols = None, 0, 0, 0
    for line in [*body(path).splitlines(), ""]:
        item = LIST_ITEM.match(line)
        if kind and not item and (not line.strip() or HEADING.match(line) or not line.startswith(" ")):
            sections[-1].lists.append((kind, items))
            kind, items = None, 0
        if rows and not TABLE_ROW.match(line):
            sections[-1].tables.append((rows, cols))
            rows = 0
        heading = HEADING.match(line)
        if heading:
            sections.append(Section(len(heading.group(1))))
            continue
        if item:
            kind, items = kind or ("ul" if item.group(1) else "ol"), items + 1
            line = line[item.end() :]
        if TABLE_ROW.match(line) and not TABLE_RULE.match(line):
            rows, cols = rows + 1, line.strip().strip("|").count("|") + 1
        sections[-1].links.update(LINK.findall(line))
        prose = LINK.sub("]", line)
        sections[-1].numbers.update(number_value(n, lang) for n in NUMBER[lang].findall(prose))
    return sections


def test_every_page_exists_in_both_languages():
    for page in PAGES:
        for lang in LANGS:
            assert (CONTENT / lang / page).is_file(), f"content/{lang}/{page} is missing"


@pytest.mark.parametrize("page", PAGES)
def test_page_has_the_same_structure_in_both_languages(page):
    es, en = (structure(CONTENT / lang / page, lang) for lang in LANGS)
    assert [s.level for s in es] == [s.level for s in en], f"{page}: headings differ"
    for i, (a, b) in enumerate(zip(es, en, strict=True)):
        where = f"{page}, section {i}"
        assert a.lists == b.lists, f"{where}: lists differ (es {a.lists}, en {b.lists})"
        assert a.tables == b.tables, f"{where}: tables differ (es {a.tables}, en {b.tables})"
        assert a.links == b.links, f"{where}: links differ (es {sorted(a.links)}, en {sorted(b.links)})"
        assert a.numbers == b.numbers, f"{where}: figures differ ({sorted(a.numbers)}, {sorted(b.numbers)})"


def test_the_structure_reader_sees_drift(tmp_path):
    """The comparison is real: a missing list item, link or figure in one language is caught."""
    page = "---\ntitle: T\nsummary: S\n---\n\n## A\n\n- one [x](myth:a)\n- two, 53.6\n\n"
    page += "| a | b |\n|---|---|\n| 1 | 2 |\n"
    (tmp_path / "en.md").write_text(page)
    (tmp_path / "es.md").write_text(page.replace("53.6", "53,6").replace("- two", "- dos"))
    same = structure(tmp_path / "es.md", "es")
    assert [(s.lists, s.tables, s.numbers) for s in same] == [
        (s.lists, s.tables, s.numbers) for s in structure(tmp_path / "en.md", "en")
    ]
    assert same[1].lists == [("ul", 2)] and same[1].tables == [(2, 2)]
    assert same[1].links == Counter(["myth:a"])
    (tmp_path / "es.md").write_text(page.replace("- two, 53.6\n", "").replace("(myth:a)", "(myth:b)"))
    drifted = structure(tmp_path / "es.md", "es")[1]
    assert drifted.lists == [("ul", 1)] and drifted.links == Counter(["myth:b"])
    assert drifted.numbers == Counter(["1", "2"]), "53.6 is gone; the table's figures remain"
