"""The registries are the one list of page kinds and condition kinds; whatever lists them must agree."""

from __future__ import annotations

import re

from centricity.core.registry import CONDITION_KINDS, PAGE_KINDS, PAGES
from centricity.model.strings import strings
from centricity.web.freeze import page_urls
from tests.conftest import ROOT


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
    for lang in ("es", "en"):
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
