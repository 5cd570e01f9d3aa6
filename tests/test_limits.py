"""One module of limits (core/limits.py): Python and the browser read the same values, the page data carries
them, the JS holds no copies, and the patterns mean the same in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wtforms import Form

from centricity.core import limits
from centricity.model.content import reserved_element_id
from tests.node import run

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "site" / "web" / "static" / "js"
TEMPLATES = [
    *(ROOT / "site" / "web" / "templates").rglob("*.html"),
    *(ROOT / "site" / "collect").rglob("*.html"),
]
# The limits this module exports that engine.js, result.js, team.js, app.js and aggregate.js read.
READ_BY_THE_ENGINE_AND_PAGES = (
    "tag_pattern",
    "reserved_ids",
    "date_pattern",
    "whitespace",
    "response_format",
    "export_format",
    "export_key_pattern",
    "export_depth",
    "code_keys",
    "max_code",
    "max_label",
    "max_response_bytes",
    "max_list_bytes",
    "max_json_depth",
    "option_digits",
    "version_max",
    "agreement_high_below",
    "agreement_medium_below",
    "large_gap",
)
# Values that used to be written into the scripts by hand.
COPIES = (
    r"slice\(0,\s*80\)",
    r"gap\s*>=\s*2\b",
    r"spread\s*<\s*(10|20)\b",
    r"/\^\[A-Za-z0-9_-\]\{1,64\}\$/",
    r"256\s*\*\s*1024",
    r"16\s*\*\s*1024\s*\*\s*1024",
    r"\b4000\b",
    r'"centricity-response/1"',
)
SAMPLES = [
    "acme-2026",
    "a" * 64,
    "a" * 65,
    "",
    "sales team",
    "__proto__",
    "caf\u00e9",
    "\u00b2",
    "\u0661",
    "\uff11",
    "x\n",
    "2026-11-24",
    "2026-11-24T10:30",
    "2026-11-24T10:30:15.123+01:00",
    "2026-11-24T10:30:15.1234567890Z",
    "\u0662\u0660\u0662\u0666-01-01",
    "2026-1-1",
    "2026-11-24\n",
]


def test_the_browser_gets_json_values():
    data = limits.browser()
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("key", READ_BY_THE_ENGINE_AND_PAGES)
def test_every_exported_limit_is_read_by_the_scripts(key):
    scripts = "".join(p.read_text(encoding="utf-8") for p in JS.glob("*.js"))
    assert key in limits.browser()
    assert re.search(rf"\b{key}\b", scripts), f"no script reads limits.{key}"


@pytest.mark.parametrize("name", ["engine.js", "result.js", "team.js", "app.js", "aggregate.js"])
def test_no_script_holds_a_copy_of_a_limit(name):
    text = (JS / name).read_text(encoding="utf-8")
    for copy in COPIES:
        assert not re.search(copy, text), f"{name} copies a limit: {copy}"


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/en/result/customer-centricity/", "result-data"),
        ("/es/team/customer-centricity/", "result-data"),
        ("/en/assessment/customer-centricity/", "page-data"),
    ],
)
def test_pages_carry_the_limits_in_their_data(client, path, key):
    page = BeautifulSoup(client.get(path).data, "html.parser")
    assert json.loads(page.select_one(f"#{key}").string)["limits"] == limits.browser()


def test_result_pages_carry_the_refusal_texts_of_their_language(client):
    page = BeautifulSoup(client.get("/es/result/customer-centricity/").data, "html.parser")
    data = json.loads(page.select_one("#result-data").string)
    assert data["strings"]["refusal.bad_date"] == "la fecha {value} no es una fecha ISO válida"


def test_patterns_mean_the_same_in_python_and_javascript():
    patterns = {"id": limits.ID_PATTERN, "tag": limits.TAG_PATTERN, "date": limits.DATE_PATTERN}
    js = run("limits_cli.js", {"patterns": patterns, "samples": SAMPLES})
    for name, source in patterns.items():
        assert js[name] == [re.fullmatch(source.strip("^$"), s) is not None for s in SAMPLES], name
        assert js[name] == [re.search(source, s) is not None and "\n" not in s for s in SAMPLES], name


def test_the_form_names_its_own_attributes_reserved():
    attributes = {name for name in dir(Form) if not name.startswith("_")}
    assert attributes <= limits.RESERVED_QUESTION_IDS


def test_every_element_id_of_a_template_is_reserved_for_content_headings():
    for template in TEMPLATES:
        for ident in re.findall(r'\bid="([^"]*)"', template.read_text(encoding="utf-8")):
            fixed = ident.split("{{", 1)[0]
            if not fixed:
                continue  # an id made only of data (a questionnaire id), never a heading's
            if "{{" in ident:
                assert fixed.startswith(limits.RESERVED_ELEMENT_PREFIXES), (template.name, ident)
            else:
                assert reserved_element_id(fixed), (template.name, ident)


def _thousands(n: int) -> str:
    return f"{n:,}"


# Each limit a user may hit, as the README's "Limits" section and docs/formats.md write it.
WRITTEN = [
    (f"{limits.YAML_MAX_BYTES // 2**20} MB", "YAML_MAX_BYTES"),
    (f"{limits.CONTENT_MAX_BYTES // 2**20} MB", "CONTENT_MAX_BYTES"),
    (f"{limits.MAX_RESPONSE_BYTES // 1024} KB", "MAX_RESPONSE_BYTES"),
    (f"{limits.LOGO_MAX_BYTES // 1024} KB", "LOGO_MAX_BYTES"),
    (f"{limits.MAX_LIST_BYTES // 2**20} MB", "MAX_LIST_BYTES"),
    (f"{limits.POST_MAX_BYTES // 1024} KB", "POST_MAX_BYTES"),
    (f"{_thousands(limits.POST_MAX_FIELDS)} fields", "POST_MAX_FIELDS"),
    (f"{_thousands(limits.MAX_CODE)} characters", "MAX_CODE"),
    (f"{limits.MAX_LABEL} characters", "MAX_LABEL"),
    (f"{limits.MAX_JSON_DEPTH} levels", "MAX_JSON_DEPTH"),
    (f"{limits.YAML_MAX_DEPTH} levels", "YAML_MAX_DEPTH"),
    (f"{_thousands(limits.YAML_MAX_NODES)} values", "YAML_MAX_NODES"),
    (f"{limits.YAML_INT_DIGITS} digits", "YAML_INT_DIGITS"),
    (f"{_thousands(limits.VERSION_MAX)}", "VERSION_MAX"),
    (f"{limits.MAX_QUESTIONS} questions", "MAX_QUESTIONS"),
    (f"{limits.MAX_OPTIONS} options", "MAX_OPTIONS"),
    (f"{limits.MAX_MYTHS} myths", "MAX_MYTHS"),
    (f"{limits.NAME_MAX} characters", "NAME_MAX"),
    (f"{limits.FOOTER_MAX}", "FOOTER_MAX"),
    (f"{limits.ID_MAX}", "ID_MAX"),
    (f"{limits.SUBMIT_MAX_BYTES // 1024} KB", "SUBMIT_MAX_BYTES"),
    (f"{limits.SURVEY_NAME_MAX} characters", "SURVEY_NAME_MAX"),
    (f"{limits.MAX_TEAMS} teams", "MAX_TEAMS"),
    (f"{limits.PASSWORD_MIN} characters at least", "PASSWORD_MIN"),
    (f"`{limits.SUBMIT_LIMIT}` submissions per survey", "SUBMIT_LIMIT"),
    (f"`{limits.LOGIN_LIMIT_PER_NAME}`", "LOGIN_LIMIT_PER_NAME"),
    (f"`{limits.LOGIN_LIMIT_EVERYONE}`", "LOGIN_LIMIT_EVERYONE"),
]


@pytest.mark.parametrize("doc", ["README.md", "docs/formats.md"])
def test_the_docs_state_the_limits(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    if doc == "README.md":
        text = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    missing = [name for written, name in WRITTEN if written not in text]
    assert not missing, f"{doc} does not state {missing}"


def test_the_readme_states_the_figure_thresholds():
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## Limits", 1)[1]
    high, medium = limits.AGREEMENT_HIGH_BELOW, limits.AGREEMENT_MEDIUM_BELOW
    assert f"spread of {high} points, medium below {medium}" in text
    assert f"at least {limits.LARGE_GAP} points" in text
