"""The team report from the command line: the browser's team view as one self-contained HTML file.

    python build.py report RESPONSES... --out report.html [--csv summary.csv] [--responses-csv responses.csv]
        [--min-group 5] [--teams "sales=Sales floor,..."] [--show-labels] [--lang en] [--questionnaire ID]

RESPONSES are response files (`.json`, format "centricity-response/1"), text files with one response code or
result link per line (`.txt`), or folders of both. Every bad file or line is reported on stderr with its
reason and skipped; the report lists them too. Exit status: 0 when every input was read, 2 when some were
skipped (bad, duplicate) but a report was written, 1 when nothing valid was found (no report is written).

The figures come from team/aggregate.py, the reference the browser's aggregate.js is tested against, and are
shown under the same `data-f` keys as in the team view, so both can be compared figure by figure. Groups
smaller than `--min-group` are merged or withheld as in the team view, and respondents' labels appear only
with `--show-labels`.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import gc
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import jinja2

from centricity.core import languages
from centricity.core.errors import CentricityError
from centricity.core.limits import SURVEY_NAME_MAX
from centricity.engine.profiles import load_site
from centricity.engine.scoring import round1
from centricity.model.config import SiteConfig
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, number, strings
from centricity.team import aggregate as agg
from centricity.team import reader as team_reader
from centricity.team.export import csv_text, response_rows, summary_rows
from centricity.team.reader import SHOW_PROBLEMS, ResponseReader, pick_questionnaire
from centricity.team.survey import parse_teams
from centricity.team.wording import figures
from centricity.web.itemsection import ItemText, report_items

REPORT_PROBLEMS = 200  # in the HTML report
SHOW_ROWS = 500  # respondents listed in the report (all are in the CSV)
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    return env


def _logo(config: SiteConfig) -> str:
    if not config.logo_data:
        return ""
    return f"data:{config.logo_type};base64,{base64.b64encode(config.logo_data).decode('ascii')}"


@dataclass(frozen=True)
class TeamRate:
    """A team's responses against its expected headcount (0: not known). Counts say nothing of answers, so
    every team has one, however small."""

    id: str
    name: str
    responses: int
    expected: int = 0

    @property
    def rate(self) -> float | None:
        return round1(100 * self.responses / self.expected) if self.expected else None


@dataclass(frozen=True)
class SurveyFacts:
    """What the report says about the survey itself: its name, its dates, who answered per team."""

    name: str = ""
    opens: str = ""  # ISO dates; "" when not set
    closes: str = ""
    first: str = ""  # the first and last response dates
    last: str = ""
    teams: tuple[TeamRate, ...] = ()

    @property
    def expected(self) -> int:
        return sum(t.expected for t in self.teams)

    @property
    def responses(self) -> int:
        return sum(t.responses for t in self.teams)

    @property
    def rate(self) -> float | None:
        return round1(100 * self.responses / self.expected) if self.expected else None


def survey_facts(
    rows: Sequence[agg.Row], names: Mapping[str, str], expected: Mapping[str, int] | None = None, **given: str
) -> SurveyFacts:
    """The facts the responses themselves tell (dates, responses per team: the teams named first, in their
    order), with what the caller knows besides (`name`, `opens`, `closes`, expected headcounts)."""
    counts = Counter(r.response.team for r in rows)
    expected = expected or {}
    order = [*names, *sorted(set(counts) - set(names), key=lambda t: (t == "", t))]
    teams = tuple(TeamRate(t, names.get(t) or t, counts[t], expected.get(t, 0)) for t in order)
    dates = sorted(r.response.created for r in rows if r.response.created)
    return SurveyFacts(first=dates[0] if dates else "", last=dates[-1] if dates else "", teams=teams, **given)


def render_report(
    q: Questionnaire,
    lang: str,
    summary: agg.TeamSummary,
    rows: list[agg.Row],
    config: SiteConfig,
    reader: ResponseReader | None = None,
    today: str | None = None,
    team_names: dict[str, str] | None = None,
    show_labels: bool = False,
    items=None,
    survey: SurveyFacts | None = None,
) -> str:
    """One self-contained HTML page: inline CSS and SVG, no scripts, no external assets.

    Each response is listed with its label only when `show_labels` asks for it: the list identifies people.
    """
    env = _environment()
    css = env.get_template("site.css").render(accent=config.accent)
    t = strings(lang)
    roles = {}
    if q.has("context", agg.ROLE):
        roles = {o.id: o.label[lang] for o in q.context_question(agg.ROLE).options}
    problems = reader.problems if reader else []
    return env.get_template("report.html").render(
        q=q,
        lang=lang,
        t=t,
        fill=fill,
        language=languages.language,
        num=lambda v: number(v, lang),
        s=summary,
        f=figures(q, summary, lang, team_names),
        team_names=team_names or {},
        rows=rows[:SHOW_ROWS] if show_labels else [],
        more=max(0, len(rows) - SHOW_ROWS) if show_labels else 0,
        roles=roles,
        css=css,
        site=config,
        logo=_logo(config),
        problems=problems[:REPORT_PROBLEMS],
        more_problems=max(0, len(problems) - REPORT_PROBLEMS),
        notes=(reader.notes if reader else [])[:REPORT_PROBLEMS],
        reader=reader,
        skipped=len(problems),
        survey=survey or survey_facts(rows, team_names or {}),
        today=today or datetime.date.today().isoformat(),
        items=items,
        it=ItemText(lang),
    )


@dataclass(frozen=True)
class ReportOptions:
    """What `python build.py report` was asked for, typed at the command line's edge."""

    questions: Path
    content: Path
    config: Path | None
    responses: tuple[Path, ...]
    out: Path
    csv: Path | None = None
    responses_csv: Path | None = None
    min_group: int = 5
    teams: str = ""
    show_labels: bool = False
    lang: str | None = None
    questionnaire: str | None = None
    items_csv: Path | None = None  # item statistics, scope,id,statistic,value
    answers_csv: Path | None = None  # one row per respondent and question, for R, SPSS or Stata
    codebook: Path | None = None
    drop_careless: bool = False
    items_wave: str = ""  # item statistics on this wave's respondents only
    name: str = ""


def run_report(args: ReportOptions, err: TextIO | None = None) -> int:
    with _collector_paused():
        return _run_report(args, err)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report is built. The responses read stay alive until the
    report is written and hold no reference cycles, yet every collection of the oldest generation walks all
    of them again: about a fifth of a 100,000-response report's time (bench/report.py). Reference counting
    still frees everything else, and the collector is left as it was found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_report(args: ReportOptions, err: TextIO | None) -> int:
    err = err or sys.stderr
    catalog = load_site(args.questions, args.content, args.config)
    q = pick_questionnaire(catalog, args.questionnaire, list(args.responses))
    lang = args.lang or catalog.languages[0]
    if lang not in catalog.languages:
        built = ", ".join(catalog.languages)
        raise CentricityError(f"language {lang!r} is not built for this site (languages: {built})")
    names = dict(parse_teams(args.teams))
    agg.check_min_group(args.min_group)
    if len(args.name) > SURVEY_NAME_MAX:
        raise CentricityError(f"--name is longer than {SURVEY_NAME_MAX} characters")
    reader = ResponseReader(q, err)
    reader.read(args.responses)
    if not reader.coded:
        print(f"error: no valid {q.id} response in {reader.inputs} input(s); no report written", file=err)
        return 1
    if len(reader.coded) >= team_reader.PROGRESS_EVERY:
        print(f"... aggregating {len(reader.coded):,} responses", file=err, flush=True)
    rows = agg.prepare_coded(q, reader.coded)
    summary = agg.summarize_rows(q, rows, reader.duplicates, args.min_group)
    items = report_items(q, rows, summary, args, err)
    facts = survey_facts(rows, names, name=args.name)
    html = render_report(
        q, lang, summary, rows, catalog.config, reader, None, names, args.show_labels, items, facts
    )
    _write(args.out, html)
    if args.csv:
        _write(args.csv, csv_text(summary_rows(q, summary, lang, names)))
    if args.responses_csv:
        _write(args.responses_csv, csv_text(response_rows(q, rows, lang)))
    more = len(reader.problems) - SHOW_PROBLEMS
    if more > 0:
        print(f"... and {more:,} more skipped (listed in the report)", file=err)
    outputs = (args.out, args.csv, args.responses_csv, args.items_csv, args.answers_csv, args.codebook)
    written = ", ".join(str(p) for p in outputs if p)
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
