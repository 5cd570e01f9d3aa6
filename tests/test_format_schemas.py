"""The questionnaire and site.yaml formats as JSON Schemas (site/schema/): shipped files name them, and the
schemas and the validator agree on every shipped, broken and hostile example. A schema sees structure; `check`
also sees what refers to what, so on the examples listed here only the validator refuses."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centricity.core import limits
from centricity.core.errors import ValidationError
from centricity.model.config import load_config
from centricity.model.questionnaire import load_questionnaire, parse
from centricity.model.yamlsource import load, loads

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SCHEMAS = ROOT / "site" / "schema"
QUESTIONNAIRE = json.loads((SCHEMAS / "centricity-questionnaire.schema.json").read_text(encoding="utf-8"))
SITE = json.loads((SCHEMAS / "centricity-site.schema.json").read_text(encoding="utf-8"))
SHIPPED = [
    (ROOT / "questions" / "customer-centricity.yaml", "centricity-questionnaire"),
    (ROOT / "questions" / "quick-check.yaml", "centricity-questionnaire"),
    (ROOT / "examples" / "acme" / "questions" / "acme-pulse.yaml", "centricity-questionnaire"),
    (ROOT / "examples" / "acme" / "site.yaml", "centricity-site"),
]
BROKEN = sorted((DATA / "broken").glob("*.yaml")) + sorted(
    (DATA / "hostile" / "questionnaires").glob("*.yaml")
)
# Broken questionnaires whose problem is a relation between fields, which only `check` sees.
RELATIONS = {
    "advice-missing-level.yaml",  # advice for every level id
    "belief-one-way.yaml",  # a myth asked about needs a forward and a reverse statement
    "belief-unknown-myth.yaml",
    "dimension-without-questions.yaml",
    "duplicate-question-id.yaml",
    "evidence-unreachable.yaml",  # a threshold the options and patterns cannot reach
    "level-gap.yaml",
    "level-not-to-100.yaml",
    "level-overlap.yaml",
    "minutes-too-short.yaml",  # less than the reading time
    "missing-translation.yaml",  # a text in every declared language
    "rule-unknown-context-option.yaml",
    "rule-unknown-dimension.yaml",
    "rule-unknown-question.yaml",
    "scores-out-of-order.yaml",
    "unknown-dimension.yaml",
    "unknown-myth-tag.yaml",
}
CONFIG = sorted((DATA / "hostile" / "config").glob("*.yaml"))
# site.yaml files whose problem is in the logo file itself or where it lies, which only `check` sees.
LOGO_FILES = {
    "logo-entities.yaml",
    "logo-external.yaml",
    "logo-foreign.yaml",
    "logo-onload.yaml",
    "logo-outside.yaml",
    "logo-script.yaml",
    "logo-style-import.yaml",
    "logo-svg-named-png.yaml",
}


def schema_accepts(schema: dict, data: object) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(data)


def yaml_data(path: Path) -> object | None:
    try:
        return load(path).data
    except ValidationError:
        return None


def validator_accepts(read) -> bool:
    try:
        read()
    except ValidationError:
        return False
    return True


def test_the_schemas_are_valid_draft_2020_12():
    for schema in (QUESTIONNAIRE, SITE):
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("path", "name"), SHIPPED, ids=lambda x: getattr(x, "name", x))
def test_shipped_files_name_their_schema_and_pass_both(path, name):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMAS / f"{name}.schema.json"
    schema = QUESTIONNAIRE if name == "centricity-questionnaire" else SITE
    assert schema_accepts(schema, load(path).data)
    read = load_questionnaire if name == "centricity-questionnaire" else load_config
    assert validator_accepts(lambda: read(path))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_questionnaires_are_refused_by_the_validator_and_by_the_schema_unless_a_relation(path):
    assert not validator_accepts(lambda: load_questionnaire(path))
    data = yaml_data(path)
    if data is not None:  # YAML the reader refuses never reaches a schema
        assert schema_accepts(QUESTIONNAIRE, data) == (path.name in RELATIONS)


@pytest.mark.parametrize("path", CONFIG, ids=lambda p: p.name)
def test_hostile_site_yaml_is_refused_by_both_unless_the_logo_file_is_the_problem(path):
    good = path.name.startswith("good-")
    assert validator_accepts(lambda: load_config(path)) == good
    data = yaml_data(path)
    if data is not None:  # YAML the reader refuses never reaches a schema
        assert schema_accepts(SITE, data) == (good or path.name in LOGO_FILES)


def test_the_schemas_state_the_limits_of_core_limits():
    defs = QUESTIONNAIRE["$defs"]
    assert defs["id"]["pattern"] == limits.ID_PATTERN
    assert set(defs["id"]["not"]["enum"]) == limits.RESERVED_IDS
    assert set(defs["question_id"]["allOf"][1]["not"]["enum"]) == limits.RESERVED_QUESTION_IDS
    top = QUESTIONNAIRE["properties"]
    for field, most in limits.MAX_ITEMS.items():
        if field in top:
            assert top[field]["maxItems"] == most, field
    assert defs["practice"]["properties"]["options"]["maxItems"] == limits.MAX_OPTIONS
    assert top["version"]["maximum"] == limits.VERSION_MAX
    assert SITE["properties"]["name"]["maxLength"] == limits.NAME_MAX
    assert SITE["properties"]["footer"]["maxLength"] == limits.FOOTER_MAX


MINI = yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 500),
    st.floats(-1, 200, allow_nan=False),
    st.sampled_from(["", "x", "culture", "felt", "__proto__", "c" * 70, "2026-01-01"]),
    st.lists(st.sampled_from(["x", "culture"]), max_size=2),
    st.dictionaries(st.sampled_from(["es", "en", "fr", "id"]), st.sampled_from(["", "x"]), max_size=2),
)


def _paths(data, path=()):
    yield path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, (*path, key))


PATHS = list(_paths(MINI))[1:]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), ODD), min_size=1, max_size=3))
def test_the_schema_never_refuses_what_the_validator_accepts(changes):
    data = copy.deepcopy(MINI)
    for path, value in changes:
        target = data
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = copy.deepcopy(value)
        except (KeyError, IndexError, TypeError):
            continue
    source = loads(yaml.safe_dump(data, allow_unicode=True), "mutated.yaml")
    if not schema_accepts(QUESTIONNAIRE, source.data):
        assert not validator_accepts(lambda: parse(source))
