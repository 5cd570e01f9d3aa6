"""The team report from the command line: the browser's team view as one self-contained HTML file.

    python build.py report RESPONSES... --out report.html [--csv summary.csv] [--lang en] [--questionnaire ID]

RESPONSES are response files (`.json`, format "centricity-response/1"), text files with one response code or
result link per line (`.txt`), or folders of both. Every bad file or line is reported on stderr with its
reason and skipped; the report lists them too. Exit status: 0 when every input was read, 2 when some were
skipped (bad, duplicate) but a report was written, 1 when nothing valid was found (no report is written).

The figures come from aggregate.py, the reference the browser's aggregate.js is tested against, and are
shown under the same `data-f` keys as in the team view, so both can be compared figure by figure.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote_plus

import jinja2

from centricity.core.errors import AnswerError, CentricityError
from centricity.engine import codec as resp
from centricity.engine.profiles import load_site
from centricity.engine.scoring import Answers
from centricity.model.catalog import Catalog
from centricity.model.config import SiteConfig
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, number, strings
from centricity.team import aggregate as agg

PROGRESS_EVERY = 10_000
SHOW_PROBLEMS = 100  # on stderr; the rest are counted
REPORT_PROBLEMS = 200  # in the HTML report
SHOW_ROWS = 500  # respondents listed in the report (all are in the CSV)
TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
_LINES = re.compile(r"\r\n|\r|\n")
_TAG = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NAMES = re.compile(r'"questionnaire"\s*:\s*"([A-Za-z0-9_-]+)"|(?:^|[#&\s])q=([A-Za-z0-9_-]+)')
_FELT = frozenset(str(i) for i in range(11))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")


class FastDecoder:
    """Reads the common case of a response code quickly, with its canonical code: a code of this
    questionnaire's current version, written the way the site writes codes. Anything else gives None and
    goes to `responses.decode`, so every refusal keeps the reference's reason and every unusual case its
    behaviour. (Decoding and encoding are most of the time a 100,000-response report takes.)

    It accepts a code only when `responses.decode` accepts it and gives an equal Response, and its code is
    `aggregate.canonical_code` of that Response; tests/test_report.py checks both on valid and tampered codes.
    """

    def __init__(self, q: Questionnaire):
        self.q = q
        self.version = str(q.version)
        self.items: dict[str, tuple[str, int | None, int]] = {}
        for n, x in enumerate(q.questions):
            for i in range(len(x.options)):
                self.items[f"{x.id}.{i}"] = (x.id, i, n)
            if x.dont_know:
                self.items[f"{x.id}.x"] = (x.id, None, n)
        self.context = {f"{c.id}.{o.id}": (c.id, o.id, n) for n, c in enumerate(q.context) for o in c.options}
        self.targets = {
            f"{d.id}.{lv.id}": (d.id, lv.id, n) for n, d in enumerate(q.dimensions) for lv in q.levels
        }
        # The canonical code is assembled from these pieces as they are, so they must need no escaping.
        pieces = [q.id, self.version, ",", ".", "x", *self.items, *self.context, *self.targets]
        self.enabled = all(resp._enc(p) == p for p in pieces)

    def __call__(self, code: str) -> tuple[str, resp.Response] | None:
        if not self.enabled:
            return None
        code = code.strip()
        if "#" in code:
            code = code.split("#", 1)[1]
        if len(code) > resp.MAX_CODE:
            return None
        f: dict[str, str] = {}
        for part in code.split("&"):
            key, sep, value = part.partition("=")
            if not sep or not value or key in f or key not in resp._KEYS:
                return None
            f[key] = unquote_plus(value) if "%" in value or "+" in value else value
        if f.get("q") != self.q.id or f.get("v") != self.version:
            return None
        choices: dict[str, int | None] = {}
        text = f.get("a")
        if text is not None:
            last = -1
            ordered = True
            for item in text.split(","):
                hit = self.items.get(item)
                if hit is None or hit[0] in choices:
                    return None
                choices[hit[0]] = hit[1]
                ordered = ordered and hit[2] > last
                last = hit[2]
            if not ordered:
                text = ",".join(sorted(text.split(","), key=lambda item: self.items[item][2]))
        context, context_text = self._pairs(f.get("c"), self.context)
        targets, targets_text = self._pairs(f.get("t"), self.targets)
        if context is None or targets is None:
            return None
        felt = f.get("f")
        if felt is not None and felt not in _FELT:
            return None
        for key in ("s", "tm", "w"):
            if key in f and not _TAG.fullmatch(f[key]):
                return None
        label = f.get("n", "")
        created = f.get("d", "")
        if len(label) > resp.MAX_LABEL or ("d" in f and not _DATE.fullmatch(created)):
            return None
        response = resp.Response(
            self.q.id,
            self.q.version,
            Answers(choices, context, None if felt is None else int(felt), targets),
            label,
            f.get("s", ""),
            f.get("tm", ""),
            f.get("w", ""),
            created,
        )
        parts = (
            ("q", self.q.id),
            ("v", self.version),
            ("a", text),
            ("c", context_text),
            ("f", felt),
            ("t", targets_text),
            ("s", f.get("s")),
            ("tm", f.get("tm")),
            ("w", f.get("w")),
            ("n", label and resp._enc(label)),
            ("d", created and resp._enc(created)),
        )
        return "&".join(f"{k}={v}" for k, v in parts if v), response

    @staticmethod
    def _pairs(text: str | None, table: dict[str, tuple[str, str, int]]) -> tuple[dict[str, str] | None, str]:
        """Context or targets: ("id.value" items) as a dict, and as canonical text (items in order)."""
        out: dict[str, str] = {}
        if text is None:
            return out, ""
        hits = []
        for item in text.split(","):
            hit = table.get(item)
            if hit is None or hit[0] in out:
                return None, ""
            out[hit[0]] = hit[1]
            hits.append((hit[2], item))
        hits.sort()
        return out, ",".join(item for _, item in hits)


@dataclass
class Reader:
    """Reads response inputs for one questionnaire: keeps each valid, unique response with its code."""

    q: Questionnaire
    err: TextIO | None = None
    coded: list[tuple[str, resp.Response]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    inputs: int = 0
    _seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.fast = FastDecoder(self.q)

    def read(self, paths: Iterable[Path]) -> None:
        for path in _expand(paths):
            self.inputs += 1
            self.read_path(path)

    def read_path(self, path: Path) -> None:
        source = str(path)
        try:
            size = path.stat().st_size
            is_json = path.suffix.lower() == ".json"
            if is_json and size > resp.MAX_FILE_BYTES:
                limit = resp.MAX_FILE_BYTES
                self.problem(source, f"the file is too large ({size:,} bytes, at most {limit:,})")
                return
            raw = path.read_bytes()
        except OSError as exc:
            self.problem(source, f"cannot be read: {exc.strerror or exc}")
            return
        # As the browser reads files: UTF-8, a leading byte-order mark dropped, bad bytes replaced.
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        if is_json or text.lstrip()[:1] == "{":
            self.add(source, lambda: resp.parse_file(self.q, text.encode("utf-8")))
            return
        found = 0
        for number_, line in enumerate(_LINES.split(text), 1):
            if not line.strip():
                continue
            found += 1
            fast = self.fast(line)
            if fast is not None:
                self.keep(f"{source}:{number_}", *fast)
            else:
                self.add(f"{source}:{number_}", lambda line=line: resp.decode(self.q, line))
        if not found:
            self.problem(source, "no response found")

    def add(self, source: str, read: Callable[[], resp.Response]) -> None:
        try:
            response = read()
            code = agg.canonical_code(self.q, response)
        except AnswerError as exc:
            self.problem(source, str(exc))
            return
        except UnicodeError:
            self.problem(source, "the response holds text that is not valid Unicode")
            return
        self.keep(source, code, response)

    def keep(self, source: str, code: str, response: resp.Response) -> None:
        if code in self._seen:
            self.duplicates += 1
            self.problem(source, "duplicate of a response already loaded")
            return
        self._seen.add(code)
        self.coded.append((code, response))
        if response.dropped:
            self.note(
                source,
                "from an earlier version of the questionnaire; answers that no longer apply "
                f"were left out: {', '.join(response.dropped).upper()}",
            )
        if self.err and len(self.coded) % PROGRESS_EVERY == 0:
            print(f"... {len(self.coded):,} responses read", file=self.err, flush=True)

    def problem(self, source: str, reason: str) -> None:
        self.problems.append((source, reason))
        if self.err and len(self.problems) <= SHOW_PROBLEMS:
            print(f"{source}: skipped: {reason}", file=self.err)

    def note(self, source: str, text: str) -> None:
        self.notes.append((source, text))
        if self.err and len(self.notes) <= SHOW_PROBLEMS:
            print(f"{source}: note: {text}", file=self.err)


def _expand(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".json", ".txt")
            )
        else:
            yield path


def pick_questionnaire(catalog: Catalog, wanted: str | None, paths: list[Path]) -> Questionnaire:
    """The questionnaire asked for; else the one most inputs name (judged from the start of the first 200
    inputs; ties go to the catalog's order); else the catalog's first."""
    if wanted:
        if wanted not in catalog.questionnaires:
            known = ", ".join(catalog.questionnaires)
            raise CentricityError(f"unknown questionnaire {wanted!r} (known: {known})")
        return catalog.questionnaires[wanted]
    votes = dict.fromkeys(catalog.questionnaires, 0)
    for i, path in enumerate(_expand(paths)):
        if i == 200:
            break
        try:
            with path.open("rb") as fh:
                head = fh.read(4096).decode("utf-8", errors="replace")
        except OSError:
            continue
        for in_json, in_code in _NAMES.findall(head):
            name = in_json or in_code
            if name in votes:
                votes[name] += 1
    best = max(votes.values(), default=0)
    return (
        next((catalog.questionnaires[k] for k, v in votes.items() if v == best), catalog.primary)
        if best
        else catalog.primary
    )


# ---- the HTML report ----


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    return env


def _logo(config: SiteConfig) -> str:
    if config.logo is None:
        return ""
    kind = "image/svg+xml" if config.logo.suffix.lower() == ".svg" else "image/png"
    return f"data:{kind};base64,{base64.b64encode(config.logo.read_bytes()).decode('ascii')}"


def render_report(
    q: Questionnaire,
    lang: str,
    summary: agg.TeamSummary,
    rows: list[agg.Row],
    config: SiteConfig,
    reader: Reader | None = None,
    today: str | None = None,
) -> str:
    """One self-contained HTML page: inline CSS and SVG, no scripts, no external assets."""
    env = _environment()
    css = env.get_template("site.css").render(accent=config.accent)
    t = strings(lang)
    figures = agg.figures(q, summary, lang)
    roles = {}
    if q.has("context", agg.ROLE):
        roles = {o.id: o.label[lang] for o in q.context_question(agg.ROLE).options}
    problems = reader.problems if reader else []
    return env.get_template("report.html").render(
        q=q,
        lang=lang,
        t=t,
        fill=fill,
        num=lambda v: number(v, lang),
        s=summary,
        f=figures,
        rows=rows[:SHOW_ROWS],
        more=max(0, len(rows) - SHOW_ROWS),
        roles=roles,
        css=css,
        site=config,
        logo=_logo(config),
        problems=problems[:REPORT_PROBLEMS],
        more_problems=max(0, len(problems) - REPORT_PROBLEMS),
        notes=(reader.notes if reader else [])[:REPORT_PROBLEMS],
        inputs=reader.inputs if reader else 0,
        skipped=len(problems),
        today=today or datetime.date.today().isoformat(),
    )


def run_report(args: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    catalog = load_site(args.questions, args.content, args.config)
    q = pick_questionnaire(catalog, args.questionnaire, list(args.responses))
    lang = args.lang or catalog.languages[0]
    if lang not in catalog.languages:
        built = ", ".join(catalog.languages)
        raise CentricityError(f"language {lang!r} is not built for this site (languages: {built})")
    reader = Reader(q, err)
    reader.read(args.responses)
    if not reader.coded:
        print(f"error: no valid {q.id} response in {reader.inputs} input(s); no report written", file=err)
        return 1
    if len(reader.coded) >= PROGRESS_EVERY:
        print(f"... aggregating {len(reader.coded):,} responses", file=err, flush=True)
    rows, _ = agg.prepare_coded(q, reader.coded)
    summary = agg.summarize(q, rows, reader.duplicates)
    html = render_report(q, lang, summary, rows, catalog.config, reader)
    _write(args.out, html)
    if args.csv:
        _write(args.csv, agg.csv_text(agg.summary_rows(q, summary, lang)))
    more = len(reader.problems) - SHOW_PROBLEMS
    if more > 0:
        print(f"... and {more:,} more skipped (listed in the report)", file=err)
    written = f"{args.out}, {args.csv}" if args.csv else str(args.out)
    print(
        f"report: {summary.respondents:,} responses from {reader.inputs} input(s), "
        f"{len(reader.problems):,} skipped -> {written}",
        file=err,
    )
    return 2 if reader.problems else 0


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise CentricityError(f"cannot write {path}: {exc.strerror or exc}") from exc
