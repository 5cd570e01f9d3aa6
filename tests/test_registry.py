"""The registries are the one list of page kinds and condition kinds; whatever lists them must agree."""

from __future__ import annotations

import re

from centricity.core import languages
from centricity.core.registry import CONDITION_KINDS, PAGE_KINDS, PAGES
from centricity.model.strings import strings
from centricity.web.freeze import page_urls
from tests.helpers import ROOT


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


def test_every_condition_kind_is_parsed_evaluated_and_exported(shipped):
    """The registry, the parser, both engines and the rule export must name the same kinds."""
    from typing import get_args

    from centricity.engine import rules, scoring
    from centricity.model import conditions

    keys = {k.key for k in CONDITION_KINDS}
    assert set(conditions._PARSERS) == keys
    assert set(scoring._TESTS) == set(get_args(conditions.Condition))
    engine_js = (ROOT / "site" / "web" / "static" / "js" / "engine.js").read_text(encoding="utf-8")
    for key in keys:
        assert f'k === "{key}"' in engine_js, f"engine.js does not evaluate {key!r} conditions"
    exported = {rules.condition_to_json(c)["kind"] for c in _samples()}
    assert exported == keys


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
