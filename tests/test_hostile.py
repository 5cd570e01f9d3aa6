"""Hostile and broken input (issue 16): never a crash, a hang, an injection or a lost valid response.

The corpus lives in tests/data/hostile/; each case names the exact message a user sees. Time and memory are
bounded generously (2 s, 200 MB) for every hostile YAML and JSON input.
"""

from __future__ import annotations

import base64
import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect
from werkzeug.datastructures import MultiDict

from centricity.core import limits
from centricity.core.errors import AnswerError, CentricityError, ValidationError
from centricity.engine import codec
from centricity.engine.fastcode import FastDecoder
from centricity.engine.profiles import load_site
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers
from centricity.model.config import load_config
from centricity.model.content import load_page, render_markdown
from centricity.model.questionnaire import Questionnaire, load_questionnaire
from centricity.model.yamlsource import loads
from centricity.team import aggregate as agg
from centricity.team import reader as team_reader
from centricity.web.app import create_app
from centricity.web.freeze import build
from tests.helpers import random_set, write_json
from tests.node import NODE, run
from tests.strategies import answers

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "data" / "hostile"
SECONDS = 2.0
MEGABYTES = 200


def bounded(action: Callable[[], object]) -> object:
    """Run `action` twice: once timed (a 20 s alarm stops a hang), once under tracemalloc for its peak."""

    def alarm(_signum, _frame):
        raise TimeoutError("still running after 20 s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, 20)
    try:
        start = time.perf_counter()
        outcome = _outcome(action)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        _outcome(action)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    assert peak < MEGABYTES * 1024 * 1024, f"peaked at {peak / 1e6:.0f} MB"
    return outcome


def _outcome(action: Callable[[], object]) -> object:
    try:
        return action()
    except ValidationError as exc:
        return exc


# Every hostile questionnaire and the one problem it must be refused with.
YAML_CASES = {
    "alias-bomb.yaml": "7: lol5: more than 100,000 values once aliases are expanded (an alias bomb?)",
    "control-char.yaml": "5: holds a control character (U+001B)",
    "custom-tag.yaml": "6: description: the tag !include is not allowed",
    "deep.yaml": "1: " + "[0]" * 31 + ": nested more than 32 levels deep",
    "duplicate-key.yaml": "4: duplicate key 'version' (first at line 3)",
    "huge-int.yaml": "3: version: a number with more than 15 digits",
    "inf-weight.yaml": "21: dimensions[1].weight: '.inf' is not a finite number "
    "(.nan and .inf are not allowed)",
    "latin1.yaml": "12: not UTF-8 text (byte 0xf3)",
    "list-key.yaml": "7: minutes: a key must be a plain value, not a mapping or a list",
    "merge-key.yaml": "18: dimensions[1]: merge keys (<<) are not supported",
    "nan-range.yaml": "28: levels[1].range: '.NaN' is not a finite number (.nan and .inf are not allowed)",
    "nan-score.yaml": "62: questions[0].options[1].score: '.nan' is not a finite number "
    "(.nan and .inf are not allowed)",
    "nul-byte.yaml": "66: holds a control character (U+0000)",
    "python-tag.yaml": "5: title: the tag !!python/object/apply:os.system is not allowed",
    "recursive-alias.yaml": "4: languages: alias *langs refers to a value that contains it",
    "two-documents.yaml": "91: expected one YAML document, found another '---'",
    "undefined-alias.yaml": "4: languages: alias *langs has no anchor &langs before it",
    "utf16.yaml": "1: the file is UTF-16 text; save it as UTF-8",
}


def test_the_yaml_corpus_is_listed_here():
    assert sorted(p.name for p in (HOSTILE / "yaml").glob("*.yaml")) == sorted(YAML_CASES)


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_hostile_yaml_is_refused_with_its_line_quickly(name):
    path = HOSTILE / "yaml" / name
    outcome = bounded(lambda: load_questionnaire(path, name))
    assert isinstance(outcome, ValidationError)
    assert [str(p) for p in outcome.problems] == [f"{name}:{YAML_CASES[name]}"]


# Questionnaires that loaded (or crashed) before: ids that collide with names the app or the browser uses.
QUESTIONNAIRE_CASES = {
    "dimension-constructor.yaml": "18: dimensions[1].id: id 'constructor' is reserved "
    "(the browser's objects already have it)",
    "long-id.yaml": "55: questions[0].id: id 'cccccccccccccccccccc'... is longer than 64 characters",
    "question-context.yaml": "83: questions[3].id: question id 'ctx_size' is reserved "
    "(the assessment form uses it)",
    "question-felt.yaml": "83: questions[3].id: question id 'felt' is reserved (the assessment form uses it)",
    "question-process.yaml": "83: questions[3].id: question id 'process' is reserved "
    "(the assessment form uses it)",
    "question-proto.yaml": "83: questions[3].id: id '__proto__' is reserved "
    "(the browser's objects already have it)",
    "unhashable-condition.yaml": "44: myths[1].when.all[1].dimension: unknown dimension {'culture': 1}",
    "unhashable-language.yaml": "4: languages[2]: unsupported language ['en'] (supported: es, en)",
    "unhashable-myth.yaml": "68: questions[1].myths[0]: unknown myth ['easy']",
}


def test_the_questionnaire_corpus_is_listed_here():
    assert sorted(p.name for p in (HOSTILE / "questionnaires").glob("*.yaml")) == sorted(QUESTIONNAIRE_CASES)


@pytest.mark.parametrize("name", sorted(QUESTIONNAIRE_CASES))
def test_colliding_ids_and_misplaced_lists_are_refused_at_check_time(name):
    with pytest.raises(ValidationError) as caught:
        load_questionnaire(HOSTILE / "questionnaires" / name, name)
    assert f"{name}:{QUESTIONNAIRE_CASES[name]}" in [str(p) for p in caught.value.problems]


def test_a_byte_order_mark_is_allowed(tmp_path):
    mini = (Path(__file__).parent / "data" / "mini.yaml").read_bytes()
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + mini)
    assert load_questionnaire(path).id == "mini"


def test_dates_stay_text_and_anchors_within_budget_still_work():
    src = loads("when: 2026-01-01\nbase: &b {x: 1}\nuse: [*b, *b]\n", "f.yaml")
    assert src.data == {"when": "2026-01-01", "base": {"x": 1}, "use": [{"x": 1}, {"x": 1}]}


# ---- site.yaml and branding ----

CONFIG_CASES = {
    "alias-bomb.yaml": "6: lol5: more than 100,000 values once aliases are expanded (an alias bomb?)",
    "base-url-javascript.yaml": "2: base_url: expected an absolute http(s) URL",
    "base-url-newline.yaml": "2: base_url: holds a space or a control character",
    "base-url-query.yaml": "2: base_url: must not hold '?' or '#'",
    "contact-javascript.yaml": "2: contact: expected an https:// or mailto: link",
    "contact-space.yaml": "2: contact: holds a space or a control character",
    "contact-user.yaml": "2: contact: must not hold a user name or password",
    "duplicate-name.yaml": "2: duplicate key 'name' (first at line 1)",
    "logo-entities.yaml": "2: logo: the SVG declares a DOCTYPE, entities or a stylesheet; remove them",
    "logo-external.yaml": "2: logo: the SVG refers to something outside itself "
    "(href='https://tracker.example/pixel.png')",
    "logo-foreign.yaml": "2: logo: the SVG holds a <foreignobject> element, "
    "which can run script or load something",
    "logo-onload.yaml": "2: logo: the SVG holds an event handler (onload), which runs script",
    "logo-outside.yaml": "2: logo: must be a file inside the folder of site.yaml "
    "(symbolic links are followed)",
    "logo-script.yaml": "2: logo: the SVG holds a <script> element, which can run script or load something",
    "logo-style-import.yaml": "2: logo: the SVG holds an unsafe reference in a <style> element",
    "logo-svg-named-png.yaml": "2: logo: the file is not a PNG image",
    "name-list.yaml": "1: name: expected text, got a list",
}
CONFIG = HOSTILE / "config"


def test_the_config_corpus_is_listed_here():
    names = {p.name for p in CONFIG.glob("*.yaml")} - {"good-gradient.yaml"}
    assert sorted(names) == sorted(CONFIG_CASES)


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_hostile_site_yaml_is_refused(name):
    outcome = bounded(lambda: load_config(CONFIG / name))
    assert isinstance(outcome, ValidationError)
    assert [str(p) for p in outcome.problems] == [f"{CONFIG / name}:{CONFIG_CASES[name]}"]


def test_a_plain_svg_with_internal_references_is_accepted():
    config = load_config(CONFIG / "good-gradient.yaml")
    assert config.logo_type == "image/svg+xml"
    assert config.logo_data == (CONFIG / "gradient.svg").read_bytes()
    assert config.base_url == "https://example.org/centricity/"


def test_a_logo_symlink_to_a_system_file_is_refused(tmp_path):
    (tmp_path / "logo.svg").symlink_to("/etc/passwd")
    (tmp_path / "site.yaml").write_text("logo: logo.svg\n")
    with pytest.raises(ValidationError, match=r"must be a file inside the folder of site\.yaml"):
        load_config(tmp_path / "site.yaml")


def test_a_50_mb_logo_is_refused_without_being_read(tmp_path):
    logo = tmp_path / "logo.png"
    with logo.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    (tmp_path / "site.yaml").write_text("logo: logo.png\n")
    outcome = bounded(lambda: load_config(tmp_path / "site.yaml"))
    assert isinstance(outcome, ValidationError)
    assert "the file is too large (52428800 bytes, at most 262144)" in str(outcome)


def test_a_base_url_from_the_command_line_is_checked_too(tmp_path):
    with pytest.raises(CentricityError, match="holds a space or a control character"):
        build(
            ROOT / "questions", ROOT / "content", None, tmp_path / "out", base_url="https://a.example/\nX: y"
        )
    assert not (tmp_path / "out").exists()


# ---- content pages ----

CONTENT_CASES = {
    "alias-bomb.md": "9: lol5: more than 100,000 values once aliases are expanded (an alias bomb?)",
    "duplicate-title.md": "4: duplicate key 'title' (first at line 2)",
    "list-title.md": "2: title: expected text, got a list",
    "nul-body.md": "7: holds a control character (U+0000)",
    "nul-front-matter.md": "3: holds a control character (U+0000)",
    "python-tag.md": "2: title: the tag !!python/object/apply:os.system is not allowed",
    "shadow-question.md": "6: heading id 'q-felt' is used by the page itself; choose another",
    "shadow-result-data.md": "8: heading id 'result-data' is used by the page itself; choose another",
    "utf16.md": "1: the file is UTF-16 text; save it as UTF-8",
}
CONTENT = HOSTILE / "content"


def test_the_content_corpus_is_listed_here():
    assert sorted({p.name for p in CONTENT.glob("*.md")} - {"bom.md"}) == sorted(CONTENT_CASES)


@pytest.mark.parametrize("name", sorted(CONTENT_CASES))
def test_hostile_content_pages_are_refused_with_their_line(name):
    outcome = bounded(lambda: load_page(CONTENT / name, "en", "page", name))
    assert isinstance(outcome, ValidationError)
    assert [str(p) for p in outcome.problems] == [f"{name}:{CONTENT_CASES[name]}"]


def test_a_byte_order_mark_before_front_matter_is_not_missing_front_matter():
    page = load_page(CONTENT / "bom.md", "en", "bom", "bom.md")
    assert (page.title, page.summary, page.body_line) == ("A page", "A summary.", 6)


def test_rendering_drops_an_id_the_page_uses_and_keeps_others():
    html = render_markdown("## Data {#result-data}\n\n## Plan {#plan}\n", lambda kind, target: None)
    assert 'id="result-data"' not in html
    assert '<h2 id="plan">' in html


# ---- response codes and files: Python and engine.js give the same verdict, key and words ----

RESPONSES = json.loads((HOSTILE / "responses.json").read_text(encoding="utf-8"))
HEADER = '"format": "centricity-response/1", "questionnaire": "customer-centricity", "version": {v}'


def materialise(q: Questionnaire, case: dict) -> tuple[str, str | bytes]:
    """A corpus case made concrete for the shipped questionnaire: (kind, text) or ("file", bytes)."""
    valid = ",".join(f"{x.id}.0" for x in q.questions[:3])

    def fill(text: str) -> str:
        return text.replace("{v}", str(q.version)).replace("{a}", valid).replace("{q1}", q.questions[0].id)

    if case["kind"] == "bytes":
        return "file", fill("{" + HEADER + ', "label": "Peña"}').encode(case["data"])
    if case["kind"] == "file":
        return "file", fill(case["data"]).encode("utf-8", "surrogatepass")
    return case["kind"], fill(case["data"])


def python_verdict(q: Questionnaire, kind: str, data: str | bytes) -> dict:
    """The Python verdict, shaped as tests/js/hostile_cli.js reports it; any other exception escapes."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    try:
        r = codec.decode(q, str(data)) if kind == "code" else codec.parse_file(q, raw)
    except AnswerError as exc:
        return {"key": exc.key, "message": str(exc)}
    summary = {"questionnaire": r.questionnaire, "version": r.version, "label": r.label, "team": r.team}
    return {
        "response": {**summary, "created": r.created, "dropped": list(r.dropped), "code": codec.encode(r)}
    }


def js_verdicts(q: Questionnaire, cases: list[tuple[str, str | bytes]]) -> list[dict]:
    payload = [
        {"kind": kind, "data": base64.b64encode(data).decode() if isinstance(data, bytes) else data}
        for kind, data in cases
    ]
    return run("hostile_cli.js", {"rules": engine_rules(q), "cases": payload})


def test_every_corpus_response_gets_its_verdict_on_both_sides(shipped):
    cases = [materialise(shipped, case) for case in RESPONSES]
    js = js_verdicts(shipped, cases)
    for case, (kind, data), browser in zip(RESPONSES, cases, js, strict=True):
        python = bounded(lambda kind=kind, data=data: python_verdict(shipped, kind, data))
        assert python.get("key") == case["key"], (case["name"], python)
        assert browser == python, case["name"]


def test_the_first_unknown_field_is_the_first_in_code_point_order(shipped):
    case = next(c for c in RESPONSES if c["name"] == "first-unknown-field")
    verdict = python_verdict(shipped, *materialise(shipped, case))
    assert verdict["message"] == "unknown field '10'"


# ---- keys every plain JS object already has: each decoder, in both twins, treats them as any other key ----

PROTOTYPE_NAMES = ("__proto__", "constructor", "hasOwnProperty")


def key_cases(q: Questionnaire, name: str) -> list[tuple[str, str, str | bytes]]:
    """(expected refusal key, kind, input): `name` in every place a decoder reads a key from outside."""
    old = q.version - 1  # an earlier version, whose unknown answers would be left out with a note
    head = {"format": limits.RESPONSE_FORMAT, "questionnaire": q.id, "version": q.version}

    def file(**fields) -> bytes:
        return json.dumps({**head, **fields}).encode()

    return [
        ("unknown_question", "code", f"q={q.id}&v={q.version}&a={name}.1"),
        ("unknown_question", "code", f"q={q.id}&v={old}&a={name}.1"),
        ("unknown_context", "code", f"q={q.id}&v={q.version}&c={name}.x"),
        ("unknown_target_dimension", "code", f"q={q.id}&v={q.version}&t={name}.{q.levels[0].id}"),
        ("code_part", "code", f"q={q.id}&v={q.version}&{name}=1"),
        ("unknown_question", "code", f"2~{q.id}~{q.version}~{name}.1"),
        ("unknown_question", "code", f"2~{q.id}~{old}~{name}.1"),
        ("unknown_question", "code", f"2~{q.id}~{q.version}~{q.questions[0].id}.0,{name}.1"),
        ("unknown_question", "file", file(answers={name: 1})),
        ("unknown_question", "file", file(version=old, answers={name: 1})),
        ("unknown_context", "file", file(context={name: "x"})),
        ("unknown_target_dimension", "file", file(targets={name: q.levels[0].id})),
        ("unknown_field", "file", file(**{name: 1})),
        ("survey_type", "file", file(survey={name: "x"})),
        ("edited", "file", file(scores={name: 1})),
    ]


@pytest.mark.parametrize("name", PROTOTYPE_NAMES)
def test_every_decoder_reads_prototype_names_as_plain_keys_on_both_sides(shipped, name):
    cases = key_cases(shipped, name)
    browser = js_verdicts(shipped, [(kind, data) for _, kind, data in cases])
    fast = FastDecoder(shipped)
    for (key, kind, data), js in zip(cases, browser, strict=True):
        python = python_verdict(shipped, kind, data)
        assert python["key"] == key, (data, python)
        assert js == python, data
        if kind == "code":
            assert fast(str(data)) is None, data  # the fast path leaves every refusal to codec.decode
    tagged = f"q={shipped.id}&v={shipped.version}&tm={name}&s={name}"
    team = python_verdict(shipped, "code", tagged)
    assert team["response"]["team"] == name  # a tag is only a value: a team may be called "constructor"
    assert js_verdicts(shipped, [("code", tagged)]) == [team]


def test_the_browser_key_maps_have_no_prototype():
    proc = subprocess.run(
        [NODE, "-e", KEYS_PROBE, str(ROOT / "site" / "web" / "static" / "js" / "shortlink.js")],
        capture_output=True, text=True, check=False, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "copied": {name: 1 for name in PROTOTYPE_NAMES}, "prototype": None, "twice": "again:constructor",
        "empty": [False, False, False],
    }


KEYS_PROBE = """
const K = require(process.argv[1]).keys;
const copied = K.copy(JSON.parse('{"__proto__": 1, "constructor": 1, "hasOwnProperty": 1}'));
const m = K.create();
K.put(m, "constructor", 1, (k) => new Error("first"));
let twice = null;
try { K.put(m, "constructor", 2, (k) => new Error("again:" + k)); } catch (e) { twice = e.message; }
process.stdout.write(JSON.stringify({
  copied: Object.fromEntries(Object.keys(copied).map((k) => [k, copied[k]])),
  prototype: Object.getPrototypeOf(copied), twice: twice,
  empty: ["__proto__", "constructor", "hasOwnProperty"].map((k) => K.has(K.create(), k)),
}));
"""


# Pieces hostile input is made of: every class of issue 16 in a few characters.
PIECES = (
    *("q=customer-centricity", "v=2", "v=1", "a=", "c=role.", "t=culture.", "f=", "n=", "d=", "tm="),
    *("s=", "w=", "&", "=", ".", ",", "#", "+", "%", "%zz", "%E0%A4", "%C3%28", "%ED%A0%80", "%2B"),
    *("%F0%9F%98%80", "\u00b2", "\u0661", "\uff17", "\ufeff", "\u00a0", "\u3000", "\ud800", "\udc00"),
    *("\U0001f600", "\x00", "\x1b", "__proto__", "constructor", "toString", "x", "0", "7", "99"),
    *("2026-02-30", "2024-02-29", "T25:61", "T23:59"),
)


# The strategies below write their valid starting points themselves, never with the code under test: what they
# draw must depend only on the draws, or a failing example saved while the codec was broken would replay as
# different data on the fixed codec (Hypothesis's FlakyStrategyDefinition) instead of passing.


def code_of(q: Questionnaire, a: Answers) -> str:
    """A format-1 code written by hand from docs/formats.md (ids and option ids need no escaping)."""
    parts = [
        ("q", q.id),
        ("v", str(q.version)),
        ("a", ",".join(f"{k}.{'x' if v is None else v}" for k, v in a.choices.items())),
        ("c", ",".join(f"{k}.{v}" for k, v in a.context.items())),
        ("f", "" if a.felt is None else str(a.felt)),
        ("t", ",".join(f"{k}.{v}" for k, v in a.targets.items())),
    ]
    return "&".join(f"{k}={v}" for k, v in parts if v)


def file_of(q: Questionnaire, a: Answers) -> dict:
    """A response file written by hand from docs/formats.md (without `scores`, which it may leave out)."""
    return {
        "format": limits.RESPONSE_FORMAT,
        "questionnaire": q.id,
        "version": q.version,
        "answers": dict(a.choices),
        "context": dict(a.context),
        "felt": a.felt,
        "targets": dict(a.targets),
        "label": "",
        "survey": {"id": "", "team": "", "wave": ""},
        "created": "",
    }


@st.composite
def hostile_codes(draw, q: Questionnaire) -> str:
    """A valid code with hostile pieces inserted, or a code made of pieces only."""
    base = code_of(q, draw(answers(q)))
    if draw(st.booleans()):
        base = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=10)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(base)))
        base = base[:at] + draw(st.sampled_from(PIECES) | st.text(max_size=2)) + base[at:]
    return base


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(PIECES),
    st.text(max_size=4),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)
FIELDS = (
    "format",
    "questionnaire",
    "version",
    "answers",
    "context",
    "felt",
    "targets",
    "label",
    "survey",
    "created",
)


@st.composite
def hostile_files(draw, q: Questionnaire) -> bytes:
    """A valid response file with some fields replaced by hostile values, as JSON (NaN too) or cut short."""
    data = file_of(q, draw(answers(q)))
    for name in draw(
        st.lists(st.sampled_from((*FIELDS, "created", "scores", "__proto__", "zz")), max_size=3)
    ):
        data[name] = draw(VALUES)
    for name in draw(st.lists(st.sampled_from(("answers", "context", "targets", "survey")), max_size=2)):
        if isinstance(data.get(name), dict):
            data[name][draw(st.sampled_from(PIECES))] = draw(VALUES)
    text = json.dumps(data, allow_nan=True, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_hostile_strategies_never_call_the_code_under_test(shipped, data):
    def broken(*_args, **_kwargs):
        raise AssertionError("a strategy called the code under test")

    with pytest.MonkeyPatch.context() as mp:
        for name in ("encode", "decode", "to_json", "from_json", "parse_file", "build"):
            mp.setattr(codec, name, broken)
        code, file = data.draw(hostile_codes(shipped)), data.draw(hostile_files(shipped))
    assert isinstance(code, str) and isinstance(file, bytes)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_hostile_code_or_file_gets_the_same_verdict_key_and_words_on_both_sides(shipped, data):
    codes = data.draw(st.lists(hostile_codes(shipped), min_size=1, max_size=40))
    files = data.draw(st.lists(hostile_files(shipped), min_size=1, max_size=40))
    cases: list[tuple[str, str | bytes]] = [("code", c) for c in codes] + [("file", f) for f in files]
    python = [python_verdict(shipped, kind, item) for kind, item in cases]
    assert js_verdicts(shipped, cases) == python


# ---- sample profiles ----


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"questionnaire": ' + "[" * 100_000, "the JSON is nested more than 16 levels deep"),
        ('{"questionnaire": "customer-centricity", "version": NaN}', "not valid JSON"),
        ('{"questionnaire": "customer-centricity", "version": 2, "answers": [1]}', "not a response file"),
        ('{"format": "centricity-response/1", "questionnaire": {"toString": 1}}', "unknown questionnaire"),
    ],
)
def test_a_broken_sample_profile_is_a_problem_of_its_own_file(tmp_path, text, message):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "profiles" / "broken.json").write_text(text)
    outcome = bounded(lambda: load_site(ROOT / "questions", content))
    assert isinstance(outcome, ValidationError)
    assert any(p.file.endswith("broken.json") and message in str(p) for p in outcome.problems)


# ---- the live server ----

URL = "/{lang}/assessment/customer-centricity/"


def live_post(client, data, lang="en", raw: bytes | None = None):
    page = BeautifulSoup(client.get(URL.format(lang=lang)).data, "html.parser")
    token = page.select_one("input[name=csrf_token]")["value"]
    if raw is not None:
        body = f"csrf_token={token}&".encode() + raw
        return client.post(URL.format(lang=lang), data=body, content_type="application/x-www-form-urlencoded")
    return client.post(URL.format(lang=lang), data=MultiDict([("csrf_token", token), *data]))


def refusal_text(response) -> str:
    alert = BeautifulSoup(response.data, "html.parser").select_one("[data-refused]")
    return alert.get_text() if alert else ""


def full_form(q) -> list[tuple[str, str]]:
    return [(x.id, "0") for x in q.questions]


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ([("__proto__", "1")], "it holds an unknown field '__proto__'"),
        ([("felt", "1"), ("felt", "2")], "the field 'felt' is given more than once"),
        ([("felt", "\uff17")], "the field 'felt' has no option '\uff17'"),
        ([("felt", "1e1")], "the field 'felt' has no option '1e1'"),
        ([("label", "<script>")], "it holds an unknown field 'label'"),
    ],
)
def test_hostile_posts_get_400_with_the_reason(live_client, shipped, extra, reason):
    response = live_post(live_client, [*full_form(shipped), *extra])
    assert response.status_code == 400
    assert (
        refusal_text(response) == f"This form could not be read: {reason}. Reload the page and answer again."
    )


def test_an_option_that_is_not_one_gets_400(live_client, shipped):
    form = full_form(shipped)
    form[0] = (form[0][0], "99")
    response = live_post(live_client, form)
    assert response.status_code == 400
    assert f"the field '{form[0][0]}' has no option '99'" in refusal_text(response)


def test_an_oversized_or_overfull_post_gets_400_in_the_page_language(live_client, shipped):
    big = live_post(live_client, [], lang="es", raw=b"felt=" + b"9" * 70_000)
    assert big.status_code == 400
    assert refusal_text(big).startswith("No se ha podido leer este formulario: ocupa más de 65536 bytes")
    many = live_post(live_client, [], raw=b"&".join(b"f%d=1" % i for i in range(1200)))
    assert many.status_code == 400
    assert "it is larger than 65536 bytes or has more than 1000 fields" in refusal_text(many)


def test_bytes_that_are_not_utf8_are_an_option_that_does_not_exist(live_client):
    response = live_post(live_client, [], raw=b"felt=%FF%FE")
    assert response.status_code == 400
    assert "the field 'felt' has no option" in refusal_text(response)


def test_a_missing_answer_is_not_hostile(live_client, shipped):
    response = live_post(live_client, full_form(shipped)[1:])
    assert response.status_code == 200
    assert refusal_text(response) == ""


def test_the_live_logo_is_the_checked_bytes_and_cannot_run_script():
    acme = ROOT / "examples" / "acme"
    client = create_app(
        load_site(acme / "questions", acme / "content", acme / "site.yaml"), live=True
    ).test_client()
    response = client.get("/assets/logo.svg")
    assert response.data == (acme / "logo.svg").read_bytes()
    assert response.mimetype == "image/svg+xml"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "script-src" not in response.headers["Content-Security-Policy"]


# ---- isolation: a bad file or line costs only itself ----


def test_every_hostile_input_is_skipped_alone_and_every_valid_response_kept(tmp_path, shipped):
    folder = tmp_path / "in"
    folder.mkdir()
    valid = random_set(shipped, random.Random(16), 12)
    hostile = [materialise(shipped, case) for case in RESPONSES if case["key"] is not None]
    # A text file cannot hold a lone surrogate, so that case stays out of the list.
    lines = [
        str(data) for kind, data in hostile if kind == "code" and not re.search("[\ud800-\udfff]", str(data))
    ]
    codes = [codec.encode(r) for r in valid]
    mixed = [x for pair in zip(codes[:6], lines, strict=False) for x in pair]
    mixed += [*lines[6:], "\ufeff" + codes[6]]  # a byte-order mark where files were pasted together
    (folder / "codes.txt").write_text("\n".join(mixed), encoding="utf-8")
    for i, (kind, data) in enumerate(hostile):
        if kind == "file":
            (folder / f"bad{i:02}.json").write_bytes(data)
    for i, r in enumerate(valid[7:]):
        write_json(folder / f"ok{i}.json", codec.to_json(shipped, r))
    os.mkfifo(folder / "fifo.json")  # would block a reader that opened it

    def read_all() -> team_reader.ResponseReader:
        reader = team_reader.ResponseReader(shipped)
        reader.read([folder, folder / "fifo.json"])
        return reader

    reader = bounded(read_all)
    assert isinstance(reader, team_reader.ResponseReader)
    assert len(reader.coded) == 12, reader.problems
    skipped = [source for source, _ in reader.problems]
    files = sum(kind == "file" for kind, _ in hostile)
    assert len(skipped) == files + len(lines) + 1 and str(folder / "fifo.json") in skipped
    assert all(re.fullmatch(r".*codes\.txt:\d+", s) for s in skipped if "codes.txt" in s)


# ---- in the browser: the team view, the compare form and the result page ----


def test_the_team_view_keeps_every_valid_response_beside_hostile_files(page, http_site, shipped, tmp_path):
    valid = [
        codec.Response(shipped.id, shipped.version, r.answers, survey="acme", team="__proto__")
        for r in random_set(shipped, random.Random(3), 3)
    ]
    files = [write_json(tmp_path / f"ok{i}.json", codec.to_json(shipped, r)) for i, r in enumerate(valid)]
    hostile = [materialise(shipped, case) for case in RESPONSES if case["key"] is not None]
    for i, (kind, data) in enumerate(hostile):
        if kind == "file":
            files.append(tmp_path / f"bad{i:02}.json")
            files[-1].write_bytes(data)
    lines = [str(d) for kind, d in hostile if kind == "code" and not re.search("[\ud800-\udfff]", str(d))]
    (tmp_path / "codes.txt").write_text(
        "\n".join([*lines, "\ufeff" + codec.encode(valid[0])]), encoding="utf-8"
    )
    page.goto(http_site + "es/team/customer-centricity/index.html?min=2")
    page.set_input_files("[data-team-files]", [*map(str, files), str(tmp_path / "codes.txt")])
    page.wait_for_selector("[data-team-status][data-loaded='3']")
    skipped = len(files) - len(valid) + len(lines) + 1  # the last line repeats a file
    assert page.get_attribute("[data-team-status]", "data-skipped") == str(skipped)
    reasons = page.locator("[data-team-rejected] li").all_text_contents()
    assert any("la fecha '9999-99-99' no es una fecha ISO válida" in r for r in reasons), reasons
    assert page.locator("[data-f='group.team.__proto__.n']").text_content() == "3"


def test_a_broken_link_and_a_hostile_compare_file_explain_themselves_in_spanish(page, http_site, tmp_path):
    page.goto(http_site + "es/result/customer-centricity/index.html#q=customer-centricity&v=%C2%B2")
    expect(page.locator("[data-result-error]")).to_contain_text(
        "la versión del código no es un número de 0 a"
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "centricity-response/1", "questionnaire": {"toString": 1}, "version": 2}')
    good = codec.encode(codec.Response("customer-centricity", 2, codec.Answers({"cu1": 1})))
    page.goto(http_site + "es/result/customer-centricity/index.html#" + good)
    page.set_input_files("[data-compare-file]", str(bad))
    page.locator("[data-compare-form] button[type=submit]").click()
    expect(page.locator("[data-compare-output]")).to_contain_text("questionnaire debe ser texto")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_valid_codes_mixed_into_any_hostile_lines_are_all_kept(shipped, data):
    valid = data.draw(st.lists(answers(shipped), min_size=1, max_size=8))
    codes = [codec.encode(codec.Response(shipped.id, shipped.version, a)) for a in valid]
    noise = data.draw(st.lists(hostile_codes(shipped), max_size=20))
    lines = data.draw(st.permutations(codes + noise))
    text = "\n".join(line.replace("\r", "").replace("\n", "") for line in lines)
    reader = team_reader.ResponseReader(shipped)
    reader.read_lines("list.txt", text.encode("utf-8", "replace").decode("utf-8"))
    kept = {code for code, _ in reader.coded}
    assert {agg.canonical_code(shipped, codec.decode(shipped, c)) for c in codes} <= kept
    assert len(reader.coded) + len(reader.problems) == sum(
        1 for x in text.split("\n") if x.strip(limits.WHITESPACE)
    )
