"""The registries are the one list of page kinds and condition kinds; whatever lists them must agree, and a
condition kind missing any of its parts (model class, engine object, myths.js entry, schema fragment,
strings) fails here."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from centricity.core import languages
from centricity.core.registry import CONDITION_KINDS, CONDITIONS, PAGE_KINDS, PAGES
from centricity.engine import kinds, rules
from centricity.engine.present import Presenter
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers
from centricity.model import conditions
from centricity.model.questionnaire import load_questionnaire
from centricity.model.strings import strings
from centricity.web.freeze import page_urls
from tests.helpers import DATA, ROOT
from tests.node import run


def test_every_page_kind_is_one_route_with_its_rule(app):
    rules = {r.endpoint: r for r in app.url_map.iter_rules()}
    for kind in PAGE_KINDS:
        assert rules[f"site.{kind.name}"].rule == kind.rule


def test_every_page_route_is_registered(app):
    per_language = [r for r in app.url_map.iter_rules() if r.rule.startswith("/<lang>/")]
    assert per_language, "the app has pages per language"
    for r in per_language:
        if r.endpoint.startswith("site."):
            name = r.endpoint.removeprefix("site.")
            assert name in PAGES, f"{r.rule} ({r.endpoint}) is a page route missing from core/registry.py"


def test_the_freezer_lists_every_kind_in_every_language(catalog):
    urls = page_urls(catalog)
    for kind in PAGE_KINDS:
        langs = {values["lang"] for endpoint, values in urls if endpoint == f"site.{kind.name}"}
        assert langs == set(catalog.languages), f"{kind.name} is not frozen in every language"


def test_every_page_kind_names_a_string_in_both_languages():
    for lang in languages.supported():
        t = strings(lang)
        for kind in PAGE_KINDS:
            assert t[kind.title_key].strip(), f"{lang}: {kind.title_key} is empty"


def test_every_condition_kind_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Conditions", 1)[1].split("\n## ", 1)[0]
    for kind in CONDITION_KINDS:
        assert re.search(rf"\{{\s*{kind.key}:", section), (
            f"README does not document the {kind.key!r} condition"
        )


# ---- condition kinds: one registry entry, and per kind a model class, an engine object, a JS entry ----

ENGINE_PARTS = ("holds", "test", "needs", "words")
JS_PARTS = ["decidable", "holds", "words"]
SCHEMA = json.loads((ROOT / "site" / "schema" / "centricity-questionnaire.schema.json").read_text("utf-8"))


def missing_parts(registry, nodes, engine, js, schema, texts) -> list[str]:
    """Every part a condition kind lacks, named: the suite fails on any (see the test after next)."""
    out = []
    for spec in registry:
        node = nodes.get(spec.key)
        if node is None or "parse" not in vars(node) or node.kind != spec.key:
            out.append(f"{spec.key}: model class with its own parse")
        obj = engine.get(spec.key)
        for part in ENGINE_PARTS:
            if obj is None or getattr(type(obj), part, None) is getattr(kinds.Kind, part):
                out.append(f"{spec.key}: engine {part}")
        if sorted(js.get(spec.key, [])) != JS_PARTS:
            out.append(f"{spec.key}: myths.js entry with {', '.join(JS_PARTS)}")
        if spec.schema() not in schema:
            out.append(f"{spec.key}: schema fragment")
        for lang, t in texts.items():
            out += [f"{spec.key}: strings {lang} {key}" for key in spec.words if not t.get(key, "").strip()]
    keys = {spec.key for spec in registry}
    out += [f"{extra}: not in the registry" for extra in (set(nodes) | set(engine) | set(js)) - keys]
    return out


@pytest.fixture(scope="module")
def js_kinds():
    rules = engine_rules(load_questionnaire(DATA / "evidence.yaml"))
    rules["myths"][0]["evidence"]["patterns"][0]["when"] = {"kind": "mystery"}
    return run("kinds_cli.js", {"rules": rules})


def parts(js_kinds):
    texts = {lang: strings(lang) for lang in languages.supported()}
    return conditions.NODES, kinds.KINDS, js_kinds["parts"], SCHEMA["$defs"]["condition"]["oneOf"], texts


def test_every_condition_kind_has_every_part_in_python_and_javascript(js_kinds):
    assert missing_parts(CONDITION_KINDS, *parts(js_kinds)) == []
    assert SCHEMA["$defs"]["condition"]["oneOf"] == [k.schema() for k in CONDITION_KINDS]


def test_a_kind_missing_any_part_is_named(js_kinds):
    nodes, engine, js, schema, texts = parts(js_kinds)
    extra = dataclasses.replace(CONDITIONS["felt_gap"], key="mood", words=("evidence.mood",))
    assert missing_parts((*CONDITION_KINDS, extra), nodes, engine, js, schema, texts) == [
        "mood: model class with its own parse",
        *(f"mood: engine {p}" for p in ENGINE_PARTS),
        "mood: myths.js entry with decidable, holds, words",
        "mood: schema fragment",
        *(f"mood: strings {lang} evidence.mood" for lang in texts),
    ]

    borrowed = {p: getattr(kinds.Gap, p) for p in ("holds", "test", "needs")}
    no_words = type("NoWords", (), {**borrowed, "words": kinds.Kind.words})
    without = {**engine, "gap": no_words()}
    assert missing_parts(CONDITION_KINDS, nodes, without, js, schema, texts) == ["gap: engine words"]
    js_without = {**js, "context": ["holds", "words"]}
    assert missing_parts(CONDITION_KINDS, nodes, engine, js_without, schema, texts) == [
        "context: myths.js entry with decidable, holds, words"
    ]
    assert missing_parts(CONDITION_KINDS[1:], nodes, engine, js, schema, texts) == [
        "all: not in the registry"
    ]
    with pytest.raises(TypeError, match="abstract"):
        type("NoWords", (kinds.Gap,), {"words": kinds.Kind.words})()


def test_an_unknown_kind_fails_loudly_everywhere(shipped, js_kinds):
    """Not decidable, not worded as felt_gap: every place that meets an unknown kind refuses it."""
    mystery = conditions.FeltGapTest(3)
    object.__setattr__(mystery, "kind", "mystery")
    for call in (
        lambda: kinds.holds(shipped, mystery, "its-easy", Answers({}), {}, 5.0),
        lambda: kinds.compile_test(shipped, mystery, "its-easy"),
        lambda: kinds.compile_decidable(shipped, mystery),
        lambda: kinds.words(Presenter(shipped, "en"), kinds.Evidence("mystery", (), 1, 1, "at_least")),
        lambda: Presenter(shipped, "en").evidence(kinds.Evidence("mystery", (), 1, 1, "at_least")),
    ):
        with pytest.raises(KeyError, match="unknown condition kind 'mystery'"):
            call()
    assert js_kinds["unknown"] == {
        "score": "unknown condition kind 'mystery'",
        "words": "unknown condition kind 'mystery'",
        "toString": "unknown condition kind 'toString'",
    }


def test_every_condition_kind_is_exported_for_the_browser():
    assert {rules.condition_to_json(c)["kind"] for c in _samples()} == {k.key for k in CONDITION_KINDS}


def _samples():
    from centricity.model import conditions as c

    return [
        c.AllOf(()),
        c.AnyOf(()),
        c.DimensionTest("data", 1, None),
        c.GapTest("data", "culture", 1),
        c.AnswerTest("cu1", 1, None),
        c.ContextTest("role", ("x",)),
        c.SignalsTest(1),
        c.FeltGapTest(1),
    ]
