"""The Spanish glossary (docs/glossary.yaml): one term per concept, and no avoided variant anywhere a Spanish
reader sees text (questionnaires, content pages, interface strings)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = yaml.safe_load((ROOT / "docs" / "glossary.yaml").read_text(encoding="utf-8"))["concepts"]


def spanish_in(node, key: str = "") -> Iterator[str]:
    """Every text under an `es` key of a questionnaire, wherever it sits."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from spanish_in(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from spanish_in(v, key)
    elif isinstance(node, str) and key == "es":
        yield node


def spanish_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "questions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in spanish_in(data):
            yield path.relative_to(ROOT).as_posix(), text
    for path in sorted((ROOT / "content" / "es").rglob("*.md")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    strings = yaml.safe_load((ROOT / "site" / "strings" / "es.yaml").read_text(encoding="utf-8"))
    for key, text in strings.items():
        yield f"site/strings/es.yaml ({key})", str(text)


def pattern(variant: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", re.IGNORECASE)


def test_every_concept_has_one_term_per_language_and_its_variants():
    seen: dict[str, str] = {}
    for entry in GLOSSARY:
        assert set(entry) >= {"concept", "es", "en", "avoid"}, entry
        assert entry["es"].strip() and entry["en"].strip(), entry["concept"]
        assert entry["es"].lower() not in seen, (entry["es"], seen.get(entry["es"].lower()))
        seen[entry["es"].lower()] = entry["concept"]
    avoided = {v.lower() for entry in GLOSSARY for v in entry["avoid"]}
    assert not avoided & set(seen), "a term to use is also a variant to avoid"


def test_no_avoided_variant_appears_in_spanish_text():
    texts = list(spanish_texts())
    assert len(texts) > 500, "the questionnaires, pages and strings were all read"
    found = [
        f"{where}: '{variant}' (use '{entry['es']}')"
        for entry in GLOSSARY
        for variant in entry["avoid"]
        for where, text in texts
        if pattern(variant).search(text)
    ]
    assert found == []


def test_no_vosotros_verb_forms():
    """Tuteo throughout: no vosotros verb endings (-áis, -éis)."""
    vosotros = re.compile(r"\b\w+(?:áis|éis)\b", re.IGNORECASE)
    found = [f"{where}: {m.group(0)}" for where, text in spanish_texts() for m in vosotros.finditer(text)]
    assert found == []


def test_the_check_catches_a_variant():
    """The word match is whole-word and case-blind: 'Coste' is caught, 'costera' is not."""
    assert pattern("coste").search("El Coste total")
    assert not pattern("coste").search("la zona costera")
    assert pattern("no aplica").search("«No aplica»")
