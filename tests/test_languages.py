"""core/languages.py is the one list of languages: schemas, templates, numbers and strings checks follow it,
and a new language is data plus one registry entry (a third language, built in tmp_path)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from flask import render_template_string
from jinja2 import UndefinedError

from centricity.cli import main
from centricity.core import languages, limits
from centricity.model import strings as strings_module
from centricity.model.strings import check_strings, number, strings
from centricity.web.app import create_app
from tests import node
from tests.helpers import ACME

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "site" / "schema"
FRENCH = languages.Language("fr", "fr_FR", ",", "Français")


def _language_parts(node, found: list) -> list:
    """Every place a schema names the languages: an enum under "languages", a text's patternProperties."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "languages" and isinstance(value, dict) and "items" in value:
                found.append(("enum", tuple(value["items"]["enum"])))
            if key == "patternProperties":
                found += [("pattern", pattern) for pattern in value]
            _language_parts(value, found)
    elif isinstance(node, list):
        for value in node:
            _language_parts(value, found)
    return found


@pytest.mark.parametrize("name", ["centricity-questionnaire", "centricity-site"])
def test_schemas_list_the_registry_languages(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    parts = _language_parts(schema, [])
    assert ("enum", languages.supported()) in parts
    pattern = "^(" + "|".join(languages.supported()) + ")$"
    for kind, value in parts:
        assert value == (languages.supported() if kind == "enum" else pattern), (name, kind, value)


def test_numbers_use_the_registry_separator(monkeypatch):
    assert [number(2.25, lg) for lg in languages.supported()] == [
        f"2{languages.language(lg).decimal}2" for lg in languages.supported()
    ]
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, FRENCH))
    assert number(7.0, "fr") == "7" and number(7.46, "fr") == "7,5"
    assert limits.browser()["languages"]["fr"] == {"decimal": ",", "direction": "ltr"}
    with pytest.raises(KeyError, match="'xx' is not one of es, en, fr"):
        languages.language("xx")


def test_the_browser_formats_numbers_from_the_registry_in_its_page_data(monkeypatch):
    """engine.js has no language of its own: a language added to the registry formats as Python does."""
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, FRENCH))
    cases = [[v, lg] for lg in languages.supported() for v in (0, 7, 7.04, 7.05, 53.6, 100, None)]
    assert node.run("engine_cli.js", {"rules": {}, "op": "number", "cases": cases}) == [
        number(v, lg) for v, lg in cases
    ]


def test_every_registry_entry_is_complete():
    for lg in languages.LANGUAGES:
        assert lg.direction in languages.DIRECTIONS and lg.decimal in {".", ","} and lg.name
        assert (
            lg.locale.split("_")[0] == lg.code and (ROOT / "site" / "strings" / f"{lg.code}.yaml").is_file()
        )
        assert (ROOT / "content" / lg.code / "about.md").is_file()


@pytest.fixture()
def strings_dir(tmp_path, monkeypatch):
    """A copy of the strings files the model reads instead of the shipped ones, its cache cleared around."""
    folder = tmp_path / "strings"
    shutil.copytree(ROOT / "site" / "strings", folder)
    monkeypatch.setattr(strings_module, "_DIR", folder)
    strings.cache_clear()
    yield folder
    strings.cache_clear()


def test_a_missing_or_extra_key_names_the_file_and_key(strings_dir):
    text = (strings_dir / "en.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    (strings_dir / "en.yaml").write_text(text.replace(first + "\n", "") + "extra.key: x\n", encoding="utf-8")
    problems = {(p.file, p.field, p.message.split(" (")[0]) for p in check_strings(("en",))}
    assert problems == {
        ("site/strings/en.yaml", first.split(":")[0], "missing"),
        ("site/strings/en.yaml", "extra.key", "not a key of site/strings/es.yaml"),
    }


def test_a_missing_key_fails_the_build(strings_dir, capsys):
    text = (strings_dir / "en.yaml").read_text(encoding="utf-8")
    (strings_dir / "en.yaml").write_text(text.replace("home.lead:", "home.leed:"), encoding="utf-8")
    inputs = ["--questions", str(ACME / "questions"), "--content", str(ACME / "content")]
    assert main(["check", *inputs, "--config", str(ACME / "site.yaml")]) == 1
    err = capsys.readouterr().err
    assert "site/strings/en.yaml: home.lead: missing" in err and "home.leed: not a key" in err


def test_a_missing_strings_file_is_a_problem_not_a_crash(strings_dir):
    (strings_dir / "en.yaml").unlink()
    problems = check_strings(("es", "en"))
    assert [(p.file, p.message) for p in problems] == [
        ("site/strings/en.yaml", "cannot read: not a regular file")
    ]


def test_templates_are_strict(catalog):
    app = create_app(catalog)
    with app.test_request_context("/"), pytest.raises(UndefinedError):
        render_template_string("{{ t['no.such.key'] }}", t={})


def _add_french(node):
    """The acme questionnaire with every English text also given in French (here: the same words)."""
    if isinstance(node, dict):
        out = {k: _add_french(v) for k, v in node.items()}
        if "en" in out:
            out["fr"] = out["en"]
        return out
    if isinstance(node, list):
        return [_add_french(v) for v in node]
    return node


def test_a_third_language_is_data_plus_a_registry_entry(strings_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, FRENCH))
    shutil.copy(strings_dir / "en.yaml", strings_dir / "fr.yaml")
    src = tmp_path / "acme"
    shutil.copytree(ACME, src)
    shutil.copytree(src / "content" / "en", src / "content" / "fr")
    qfile = src / "questions" / "acme-pulse.yaml"
    data = _add_french(yaml.safe_load(qfile.read_text(encoding="utf-8")))
    data["languages"] = ["en", "fr"]
    qfile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = (src / "site.yaml").read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, fr]")
    (src / "site.yaml").write_text(config, encoding="utf-8")
    out = tmp_path / "site"
    inputs = ["--questions", str(src / "questions"), "--content", str(src / "content")]
    assert main([*inputs, "--config", str(src / "site.yaml"), "--out", str(out)]) == 0
    home = BeautifulSoup((out / "fr" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert (home.html["lang"], home.html["dir"]) == ("fr", "ltr")
    assert home.find("meta", property="og:locale")["content"] == "fr_FR"
    assert home.find("meta", property="og:locale:alternate")["content"] == "en_GB"
    assert home.select_one(".lang-switch a[hreflang=en]").get_text() == "EN – English"
    english = BeautifulSoup((out / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert english.select_one(".lang-switch a[hreflang=fr]").get_text() == "FR – Français"
    result = BeautifulSoup(
        (out / "fr" / "result" / "acme-pulse" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    data = json.loads(result.select_one("#result-data").string)
    assert data["lang"] == "fr" and data["limits"]["languages"]["fr"]["decimal"] == ","


def test_a_third_language_without_its_strings_file_fails_the_build(strings_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, FRENCH))
    assert [(p.file, p.message) for p in check_strings(("en", "fr"))] == [
        ("site/strings/fr.yaml", "cannot read: not a regular file")
    ]
