"""Hostile and broken input (issue 16): never a crash, a hang, an injection or a lost valid response.

The corpus lives in tests/data/hostile/; each case names the exact message a user sees. Time and memory are
bounded generously (2 s, 200 MB) for every hostile YAML and JSON input.
"""

from __future__ import annotations

import base64
import json
import signal
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centricity.core.errors import AnswerError, CentricityError, ValidationError
from centricity.engine import codec
from centricity.engine.rules import engine_rules
from centricity.model.config import load_config
from centricity.model.content import load_page, render_markdown
from centricity.model.questionnaire import Questionnaire, load_questionnaire
from centricity.model.yamlsource import loads
from centricity.web.freeze import build
from tests.node import run
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


# Pieces hostile input is made of: every class of issue 16 in a few characters.
PIECES = (
    *("q=customer-centricity", "v=2", "v=1", "a=", "c=role.", "t=culture.", "f=", "n=", "d=", "tm="),
    *("s=", "w=", "&", "=", ".", ",", "#", "+", "%", "%zz", "%E0%A4", "%C3%28", "%ED%A0%80", "%2B"),
    *("%F0%9F%98%80", "\u00b2", "\u0661", "\uff17", "\ufeff", "\u00a0", "\u3000", "\ud800", "\udc00"),
    *("\U0001f600", "\x00", "\x1b", "__proto__", "constructor", "toString", "x", "0", "7", "99"),
    *("2026-02-30", "2024-02-29", "T25:61", "T23:59"),
)


@st.composite
def hostile_codes(draw, q: Questionnaire) -> str:
    """A valid code with hostile pieces inserted, or a code made of pieces only."""
    base = codec.encode(codec.Response(q.id, q.version, draw(answers(q))))
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
    data = codec.to_json(q, codec.Response(q.id, q.version, draw(answers(q))))
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


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_hostile_code_or_file_gets_the_same_verdict_key_and_words_on_both_sides(shipped, data):
    codes = data.draw(st.lists(hostile_codes(shipped), min_size=1, max_size=40))
    files = data.draw(st.lists(hostile_files(shipped), min_size=1, max_size=40))
    cases: list[tuple[str, str | bytes]] = [("code", c) for c in codes] + [("file", f) for f in files]
    python = [python_verdict(shipped, kind, item) for kind, item in cases]
    assert js_verdicts(shipped, cases) == python
