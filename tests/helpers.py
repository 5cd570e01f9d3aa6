"""What several test modules share, in one place, so that no test module imports another (pytest may import
a test module twice under different names, and a fixture file is not a library): paths, random answers and
response sets, the acme example, tampered codes, and the bad inputs of the team report."""

from __future__ import annotations

import io
import json
import random
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from centricity.cli import main, parser, report_options
from centricity.core import limits
from centricity.engine import codec
from centricity.engine.scoring import Answers
from centricity.model.catalog import Catalog
from centricity.model.questionnaire import Questionnaire, load_questionnaire
from centricity.quality.sampler import VARIED, Mix, answers, response
from centricity.web import report

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ACME = ROOT / "examples" / "acme"
TEAMS = ["sales", "service", "it", ""]
EVIL = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'


def random_answers(q: Questionnaire, rng: random.Random) -> Answers:
    """Partial, skewed answer sets (the sampler's VARIED mix)."""
    return answers(q, rng, VARIED)


def holder_answers(q: Questionnaire, myth: str, rng: random.Random) -> Answers:
    """Random answers of someone who holds `myth`: its revealing options chosen (mostly), its belief
    statements answered its way, the other statements left unanswered, so that its rule fires."""
    a = random_answers(q, rng)
    choices = {k: v for k, v in a.choices.items() if q.question(k).kind != "belief"}
    for qid, weights, _ in q.evidence_rows(myth):
        if rng.random() < 0.8:
            choices[qid] = max(range(len(weights)), key=lambda i: (weights[i], rng.random()))
    for x in q.beliefs:
        if x.myth == myth:
            choices[x.id] = rng.choice((0, 1)) if x.reverse else rng.choice((3, 4))
    return replace(a, choices=choices)


def random_set(q: Questionnaire, rng: random.Random, n: int) -> list[codec.Response]:
    """`n` responses with awkward labels (quotes, formulas, markup, newlines) and random tags."""
    labels = ["", "Ana", "Zoë, sales", 'She said "hi"', "=SUM(A1)", "-lead", "<b>bold</b>", "línea\nnueva"]
    out = []
    for i in range(n):
        out.append(
            codec.Response(
                q.id,
                q.version,
                random_answers(q, rng),
                label=rng.choice(labels) + str(i % 7),
                survey=rng.choice(["", "acme-2026"]),
                team=rng.choice(TEAMS),
                wave=rng.choice(["", "w1"]),
                created=rng.choice(["", "2026-11-23"]),
            )
        )
    return out


def group_of(team: str, n: int, q: Questionnaire, rng: random.Random, role: str = "", wave: str = "") -> list:
    """`n` random respondents of one team, role and wave (team reports: anonymity of small groups)."""
    out = []
    for i in range(n):
        a = random_answers(q, rng)
        context = {k: v for k, v in a.context.items() if k != "role"} | ({"role": role} if role else {})
        label = f"{team} {role} {i}"
        out.append(
            codec.Response(q.id, q.version, replace(a, context=context), label=label, team=team, wave=wave)
        )
    return out


def four_in_a_team(q: Questionnaire) -> list[codec.Response]:
    """Teams sales 6, service 6, it 4; roles frontline 7, manager 6, executive 3; waves w1 12, w2 4."""
    rng = random.Random(44)
    return [
        *group_of("sales", 6, q, rng, "frontline", "w1"),
        *group_of("service", 6, q, rng, "manager", "w1"),
        *group_of("it", 1, q, rng, "frontline", "w2"),
        *group_of("it", 3, q, rng, "executive", "w2"),
    ]


# Codes both engines must refuse, with the same message (of the current version: an older one drops what it
# no longer knows instead of refusing it).
V = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml").version
TAMPERED = [
    f"q=customer-centricity&v={V}&a=cu1.9",
    f"q=customer-centricity&v={V}&a=zz1.1",
    f"q=customer-centricity&v={V}&a=cu1.1,cu1.2",
    f"q=customer-centricity&v={V}&a=cu1.5",
    f"q=customer-centricity&v={V}&a=cu1.<script>",
    "q=customer-centricity&v=one",
    "q=other&v=1&a=cu1.1",
    f"q=customer-centricity&v={V}&f=12",
    f"q=customer-centricity&v={V}&c=size.huge",
    f"q=customer-centricity&v={V}&t=data.stellar",
    f"q=customer-centricity&v={V}&s=<img src=x>",
    f"q=customer-centricity&v={V}&evil=1",
    f"q=customer-centricity&v={V}&n=" + "x" * 81,
    f"q=customer-centricity&v={V}&a=cu1.1&d=yesterday",
    "a=cu1.1",
    f"q=customer-centricity&v={V}&a=%E0%A4%A",
    f"q=customer-centricity&v={V}&a=" + "cu1.1," * 800,
]


def build_acme(out: Path) -> Path:
    """The acme example, built with the command line as its author would."""
    command = ["--questions", str(ACME / "questions"), "--content", str(ACME / "content")]
    assert main([*command, "--config", str(ACME / "site.yaml"), "--out", str(out)]) == 0
    return out


def shown_figures(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {el["data-f"]: el.get_text() for el in soup.select("[data-f]")}


def write_json(path: Path, doc) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def export_doc(q: Questionnaire, responses: list[codec.Response], keys: list[str] | None = None) -> dict:
    """A collecting server's export (collect/results.export_json) of these responses: one key per person."""
    keys = keys or [f"{i:016x}" for i in range(len(responses))]
    items = [{"key": k, "response": codec.to_json(q, r)} for k, r in zip(keys, responses, strict=True)]
    return {"format": limits.EXPORT_FORMAT, "survey": {"id": "acme"}, "responses": items}


def bad_inputs(q: Questionnaire, folder: Path, catalog: Catalog) -> dict[str, Path]:
    """One file per kind of bad input the issue names, and the reason each must give."""
    rng = random.Random(3)
    folder.mkdir(parents=True, exist_ok=True)
    base = codec.to_json(q, codec.Response(q.id, q.version, random_answers(q, rng), label="Valid one"))
    files = {"malformed": folder / "malformed.json"}
    files["malformed"].write_text('{"format": "centricity-response/1", "answers": {', encoding="utf-8")
    quick = catalog.questionnaires["quick-check"]
    files["other"] = write_json(
        folder / "other.json",
        codec.to_json(quick, codec.Response(quick.id, quick.version, random_answers(quick, rng))),
    )
    older = dict(base, version=0, label="Older", answers={**base["answers"], "gone1": 2})
    files["older"] = write_json(folder / "older.json", older)
    tampered = json.loads(json.dumps(base))
    first = next(iter(tampered["scores"]))
    tampered["scores"][first] = 99.9 if tampered["scores"][first] != 99.9 else 12.3
    tampered["label"] = "Tampered"
    files["tampered"] = write_json(folder / "tampered.json", tampered)
    files["huge"] = folder / "huge.json"
    with files["huge"].open("wb") as fh:  # 50 MB, sparse: cheap to make, and never read
        fh.truncate(50 * 1024 * 1024)
    files["html"] = write_json(folder / "html-label.json", dict(base, label=EVIL[:80]))
    return files


REASONS = {
    "malformed": "not valid JSON",
    "other": "this response is for questionnaire 'quick-check'",
    "tampered": "the scores in the file do not match its answers (the file was edited)",
    # A .json may be a collecting server's export, so a file over every cap meets the largest one.
    "huge": f"the file is too large (52428800 bytes, at most {limits.MAX_LIST_BYTES})",
}


def run_cli(*argv: str) -> tuple[int, str]:
    """The report command in this process, its errors captured."""
    err = io.StringIO()
    args = parser().parse_args(["report", *argv])
    return report.run_report(report_options(args), err), err.getvalue()


# Answers that follow each respondent's maturity per dimension, so a dimension's questions hang together as
# real answers do (item statistics); some skipped, "don't know" and "does not apply" answers.
COHERENT = Mix(skip=0.03, dont_know=0.08, not_applicable=0.1, noise=0.9, context=0.0, felt=0.0)


def coherent_set(q: Questionnaire, n: int, seed: int = 1, **tags: str) -> list[codec.Response]:
    """`n` coherent responses labelled R0, R1, ... (so none is a duplicate), with the given tags."""
    rng = random.Random(seed)
    return [response(q, rng, COHERENT, label=f"R{i}", **tags) for i in range(n)]
