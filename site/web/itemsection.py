"""The item statistics as the report and the collecting server show them: figures in the page's language,
warnings in plain words, and the CSV files for researchers.

team/items.py computes with numpy and scipy (the `stats` extra), which the static site never needs: this
module imports it only when asked for item statistics, so a site built from `requirements.txt` alone builds
and serves as before, and the report says what to install instead of failing on an import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from centricity.core import limits
from centricity.core.errors import CentricityError
from centricity.core.languages import language
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, strings
from centricity.team.aggregate import OTHERS, TeamSummary
from centricity.team.rows import Row

if TYPE_CHECKING:  # numpy stays unloaded until item statistics are asked for
    from centricity.team.items import DimensionReliability, ItemFigures, ItemReport
    from centricity.web.report import ReportOptions

NEEDS_STATS = (
    "item statistics need numpy and scipy: pip install 'centricity[stats]' (or requirements-dev.txt)"
)


def stats_module():
    """team/items.py and its CSV writer, or a clear error when the `stats` extra is not installed."""
    try:
        from centricity.team import itemexport, items
    except ImportError as exc:
        raise CentricityError(NEEDS_STATS) from exc
    return items, itemexport


@dataclass(frozen=True)
class ItemText:
    """Formats item figures for one language (the template calls these)."""

    lang: str

    @property
    def t(self) -> dict[str, str]:
        return strings(self.lang)

    def dec(self, value: float | None, places: int = 2) -> str:
        if value is None:
            return "–"
        return f"{value:.{places}f}".replace(".", language(self.lang).decimal)

    def pct(self, share: float | None) -> str:
        if share is None:
            return "–"
        return f"{share * 100:.0f}%"

    def share(self, count: int, total: int) -> str:
        return self.pct(count / total) if total else "–"

    def warnings(self, d: DimensionReliability) -> list[str]:
        t = self.t
        params: dict[str, dict[str, object]] = {
            "few": {"n": d.n},
            "alpha_low": {"low": self.dec(limits.ALPHA_LOW)},
            "alpha_high": {"high": self.dec(limits.ALPHA_HIGH)},
            "no_alpha": {},
        }
        texts = [fill(t[f"items.warn.{w}"], **params[w]) for w in d.warnings]
        texts += [
            fill(t[f"items.pairs.{p.kind}"], a=p.a.upper(), b=p.b.upper(), r=self.dec(p.r)) for p in d.pairs
        ]
        return texts

    def reasons(self, report: ItemReport) -> str:
        """Each careless-answer rule that holds for someone, in the result page's words, with its count."""
        return "; ".join(f"{self.t['myths.careless.' + rule]}: {n}" for rule, n in report.by_rule if n)

    def flags(self, x: ItemFigures) -> str:
        shares = {
            "floor": limits.FLOOR_CEILING_SHARE,
            "ceiling": limits.FLOOR_CEILING_SHARE,
            "missing": limits.MISSING_SHARE,
        }
        texts = [fill(self.t[f"items.flag.{f}"], share=self.pct(shares.get(f))) for f in x.flags]
        return "; ".join(texts) or "–"


def survey_items(
    q: Questionnaire, rows: Sequence[Row], summary: TeamSummary, drop: bool, wave: str
) -> ItemReport:
    """The item statistics of a survey's respondents, or of one wave that the team figures show on its own
    (so no combination of published figures concerns fewer than the minimum group size)."""
    items, _ = stats_module()
    if not wave:
        return items.item_report(q, rows, summary.min_group, drop)
    shown = {g.id for b in summary.breakdowns if b.kind == "wave" for g in b.groups if g.id != OTHERS}
    if wave not in shown:
        raise CentricityError(
            f"wave {wave!r} is not shown on its own at minimum group size {summary.min_group} (too few "
            "respondents, or it would single out another group): item statistics cover published groups only"
        )
    part = [r for r in rows if r.response.wave == wave]
    return items.item_report(q, part, summary.min_group, drop, wave)


def report_items(
    q: Questionnaire, rows: Sequence[Row], summary: TeamSummary, options: ReportOptions, err: TextIO
) -> ItemReport | None:
    """The report's item statistics, written to the files asked for; None, with a note on stderr, when the
    `stats` extra is missing and no item file was asked for."""
    files = {"stats": options.items_csv, "answers": options.answers_csv, "codebook": options.codebook}
    try:
        stats_module()
    except CentricityError as exc:
        if any(files.values()):
            raise
        print(f"note: {exc}; the report has no item statistics", file=err)
        return None
    report = survey_items(q, rows, summary, options.drop_careless, options.items_wave)
    item_files(q, rows, report, files)
    return report


def item_files(
    q: Questionnaire, rows: Sequence[Row], report: ItemReport, out: dict[str, Path | None]
) -> None:
    """Writes the files asked for: `stats` (scope,id,statistic,value), `answers` (one row per respondent
    and question, every respondent, a column saying who looks careless) and `codebook`."""
    items, itemexport = stats_module()
    m = items.matrix(q, rows)
    flagged = items.careless(q, rows).flagged
    files = {
        "stats": lambda: itemexport.stats_rows(report),
        "answers": lambda: itemexport.answer_rows(q, rows, m, flagged),
        "codebook": lambda: itemexport.codebook_rows(q, m),
    }
    for name, path in out.items():
        if path is None:
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.writelines(itemexport.tidy_csv(files[name]()))
        except OSError as exc:
            raise CentricityError(f"cannot write {path}: {exc.strerror or exc}") from exc
