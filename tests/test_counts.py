"""Interface text says how many dimensions, myths and levels the questionnaire being built has, never the
shipped one's: the acme example (two dimensions, two myths, three levels, English) and a generated
questionnaire of odd sizes (one dimension, three myths, both languages) show only their own counts, plurals
included."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from centricity.cli import main
from centricity.core import languages
from centricity.core.registry import PAGE_KINDS
from centricity.model.strings import counted, strings
from centricity.web.preview import card_text
from tests.helpers import ACME, build_acme

# The nouns whose count interface text may state, per language, singular and plural.
NOUNS = {
    "en": {"dimension": "dimensions?", "myth": "myths?", "level": "(?:maturity )?levels?"},
    "es": {"dimension": "dimensi(?:ó|o)n(?:es)?", "myth": "mitos?", "level": "nivel(?:es)?(?: de madurez)?"},
}
# "one" as a count; Spanish "un", "una" are also the article ("las que afecta un mito"): a count only where a
# heading or sentence starts with it ("Una dimensión", "Un mito que frena...").
ONE = {"en": ("one", "One"), "es": ("Un", "Una", "Uno")}


def _words(lang: str) -> dict[str, int]:
    """Each count word of the language (the strings' count.N, and "one") with its number."""
    t = strings(lang)
    found = {t[k].lower(): int(k.split(".")[1]) for k in t if re.fullmatch(r"count\.\d+", k)}
    return {**found, **{w.capitalize(): n for w, n in found.items()}, **dict.fromkeys(ONE[lang], 1)}


def stated_counts(text: str, lang: str) -> list[tuple[str, int]]:
    """(noun, number) for every "<number word> [word] <noun>" in the text."""
    words = _words(lang)
    number = "|".join(words)  # digits beside a noun are figures ("100 Dimension" on a chart), not counts
    out = []
    for noun, pattern in NOUNS[lang].items():
        for m in re.finditer(rf"\b({number})\s+(?:\w+\s+)?(?i:{pattern})\b", text):
            out.append((noun, words[m.group(1)]))
    return out


def interface_text(path: Path) -> str:
    """A page's words outside the author's own content (`.prose`), with its title and meta descriptions."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    metas = [m.get("content", "") for m in soup.find_all("meta") if "description" in str(m.get("name", ""))]
    og = soup.find_all("meta", property=re.compile("^og:(title|description)$"))
    metas += [m.get("content", "") for m in og]
    for prose in soup.select(".prose, script"):
        prose.decompose()
    return " ".join([soup.title.get_text() if soup.title else "", *metas, soup.get_text(" ")])


def wrong_counts(site: Path, lang: str, sizes: dict[str, int]) -> list[str]:
    wrong = []
    for page in [*sorted((site / lang).rglob("*.html")), site / "404.html"]:
        for noun, n in stated_counts(interface_text(page), lang):
            if n != sizes[noun]:
                wrong.append(f"{page.relative_to(site)}: {n} {noun}")
    return wrong


def test_the_reader_sees_counts():
    assert stated_counts("Four dimensions and Tres mitos, five maturity levels, 100 dimension", "en") == [
        ("dimension", 4),
        ("level", 5),
    ]
    spanish = "Tus cuatro dimensiones. Una dimensión; tres mitos que frenan, afecta un mito"
    assert stated_counts(spanish, "es") == [
        ("dimension", 4),
        ("dimension", 1),
        ("myth", 3),
    ]


@pytest.fixture(scope="module")
def acme_site(tmp_path_factory) -> Path:
    return build_acme(tmp_path_factory.mktemp("acme-counts") / "site")


def test_acme_shows_its_own_counts(acme_site):
    assert wrong_counts(acme_site, "en", {"dimension": 2, "myth": 2, "level": 3}) == []
    home = BeautifulSoup((acme_site / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in home.select("h2[id^=h-]")][-3:-1] == [
        "Two dimensions",
        "Two myths that hold organizations back",
    ]


def _odd(acme: dict) -> dict:
    """Acme's questionnaire cut to its first dimension, its first myth copied to make three, in es and en."""
    q = copy.deepcopy(acme)
    keep = q["dimensions"][0]["id"]
    q["dimensions"] = q["dimensions"][:1]
    q["questions"] = [x for x in q["questions"] if x["dimension"] == keep]
    first = q["myths"][0]
    q["myths"] = [first] + [{**copy.deepcopy(first), "id": f"{first['id']}-{i}"} for i in (2, 3)]
    for x in q["questions"]:
        if first["id"] in x.get("myths", []):
            x["myths"] = [*x["myths"], f"{first['id']}-2", f"{first['id']}-3"]
    q["languages"] = ["es", "en"]
    return _both(q)


def _both(node):
    if isinstance(node, dict):
        out = {k: _both(v) for k, v in node.items()}
        if "en" in out and "es" not in out:
            out["es"] = out["en"]
        return out
    return [_both(v) for v in node] if isinstance(node, list) else node


def _content(folder: Path, acme: dict, q: dict) -> None:
    """Acme's pages for what the cut questionnaire keeps, links to what it drops pointed at what it keeps."""
    shutil.copytree(ACME / "content" / "en", folder)
    for kind, items in (("dimension", "dimensions"), ("myth", "myths")):
        kept = [x["id"] for x in q[items]]
        for dropped in {x["id"] for x in acme[items]} - set(kept):
            (folder / items / f"{dropped}.md").unlink()
            for page in folder.rglob("*.md"):
                text = page.read_text(encoding="utf-8")
                page.write_text(text.replace(f"({kind}:{dropped})", f"({kind}:{kept[0]})"), encoding="utf-8")
        for extra in kept[1:]:
            if not (folder / items / f"{extra}.md").exists():
                shutil.copy(folder / items / f"{kept[0]}.md", folder / items / f"{extra}.md")


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("odd")
    acme = yaml.safe_load((ACME / "questions" / "acme-pulse.yaml").read_text(encoding="utf-8"))
    q = _odd(acme)
    (root / "questions").mkdir()
    (root / "questions" / "odd.yaml").write_text(yaml.safe_dump(q, allow_unicode=True), encoding="utf-8")
    for lang in ("es", "en"):
        _content(root / "content" / lang, acme, q)
    out = root / "site"
    inputs = ["--questions", str(root / "questions"), "--content", str(root / "content")]
    assert main([*inputs, "--out", str(out)]) == 0
    return out, q


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_odd_questionnaire_shows_its_own_counts(odd_site, lang):
    site, q = odd_site
    sizes = {"dimension": 1, "myth": 3, "level": len(q["levels"])}
    assert wrong_counts(site, lang, sizes) == []
    t = strings(lang)
    home = interface_text(site / lang / "index.html")
    assert counted(t, "home.dimensions", 1) in home and counted(t, "home.myths", 3) in home
    result = interface_text(site / lang / "result" / q["id"] / "index.html")
    assert counted(t, "result.dimensions", 1) in result


def test_plurals_read_right():
    en, es = strings("en"), strings("es")
    assert [counted(en, "home.dimensions", n) for n in (1, 3, 12)] == [
        "One dimension",
        "Three dimensions",
        "12 dimensions",
    ]
    assert [counted(es, "home.myths", n) for n in (1, 5)] == [
        "Un mito que frena a las organizaciones",
        "Cinco mitos que frenan a las organizaciones",
    ]
    assert counted(es, "result.dimensions", 1) == "Tu dimensión"


@pytest.mark.parametrize("lang", languages.supported())
def test_preview_cards_state_no_count(lang):
    """Cards are drawn once per kind and language, for every questionnaire of the site: they name no count."""
    t = strings(lang)
    for kind in PAGE_KINDS:
        assert stated_counts(" ".join(card_text(t, kind.name)), lang) == [], kind.name
