"""The team summary in words: the written summary, the team plan and every figure as displayed text.

The report (web/report.py) and the browser's team view (`web/static/js/teamtext.js`) show the same texts
under the same `data-f` keys, and tests compare the two key by key. All text comes from the strings files,
so both languages say the same at the same depth; team ids are shown with the names the consultant gave
them (`team_names`), and labels typed by respondents never appear here.
"""

from __future__ import annotations

from collections.abc import Mapping

from centricity.engine.present import Presenter
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, number, strings
from centricity.team.aggregate import OTHERS, ROLE, Breakdown, Group, TeamSummary

DASH = "\u2013"  # an en dash: between min and max
NONE = DASH  # no figure, as strings.number shows None
RECURRING_MYTHS = 3


class Wording:
    """Phrases one summary in one language."""

    def __init__(
        self, q: Questionnaire, s: TeamSummary, lang: str, team_names: Mapping[str, str] | None = None
    ):
        self.q, self.s, self.lang = q, s, lang
        self.t = strings(lang)
        self.names = dict(team_names or {})

    def num(self, v: float | None) -> str:
        return number(v, self.lang)

    def dim_title(self, did: str) -> str:
        return self.t["result.overall"] if did == "overall" else self.q.dimension(did).title[self.lang]

    def group_label(self, g: Group) -> str:
        t = self.t
        if g.kind == "all":
            return t["team.all"]
        if g.id == OTHERS:
            return t["team.others"]
        if g.kind == "team":
            return self.names.get(g.id) or g.id or t["team.none"]
        if g.kind == "wave":
            return g.id or t["team.wave.none"]
        if not g.id:
            return t["team.role.none"]
        return next(o.label[self.lang] for o in self.q.context_question(ROLE).options if o.id == g.id)

    def id_label(self, kind: str, gid: str) -> str:
        return self.group_label(Group(kind, gid, 0, {}, None, 0, None, None, None))

    # ---- the written summary ----

    def stands(self) -> str:
        s, t = self.s, self.t
        scored = [(d.id, mean) for d in s.dimensions if (mean := d.mean) is not None]
        if not scored:
            return fill(t["team.text.stands.none"], n=s.respondents)
        strongest = weakest = scored[0]
        for d in scored[1:]:
            if d[1] > strongest[1]:
                strongest = d
            if d[1] < weakest[1]:
                weakest = d
        overall = s.overall
        assert overall is not None and overall.level is not None, "a scored dimension gives an overall level"
        level = self.q.level(overall.level).name[self.lang]
        text = fill(t["team.text.stands"], n=s.respondents, mean=self.num(overall.mean), level=level)
        if strongest is weakest:
            return text
        return f"{text} " + fill(
            t["team.text.stands.dims"],
            strongest=self.dim_title(strongest[0]),
            strongest_mean=self.num(strongest[1]),
            weakest=self.dim_title(weakest[0]),
            weakest_mean=self.num(weakest[1]),
        )

    def disagree(self) -> str:
        s, t = self.s, self.t
        most, widest = None, 0.0
        for d in s.dimensions:
            if d.agreement is not None and d.spread is not None and d.spread > widest:
                most, widest = d, d.spread
        parts = []
        if most is not None:
            agreement = t[f"team.agreement.{most.agreement}"]
            parts.append(
                fill(
                    t["team.text.disagree"],
                    dimension=self.dim_title(most.id),
                    spread=self.num(most.spread),
                    agreement=agreement,
                )
            )
        if s.disagreements:
            x = s.disagreements[0]
            prompt = self.q.question(x.id).prompt[self.lang]
            parts.append(fill(t["team.text.disagree.question"], question=x.id.upper(), prompt=prompt))
        return " ".join(parts) or t["team.text.disagree.none"]

    def groups(self) -> str:
        g, t = self.s.widest_gap, self.t
        if g is None:
            return fill(t["team.text.groups.none"], min=self.s.min_group)
        return fill(
            t["team.text.groups"],
            dimension=self.dim_title(g.dimension),
            high=self.id_label(g.kind, g.high),
            high_mean=self.num(g.high_mean),
            low=self.id_label(g.kind, g.low),
            low_mean=self.num(g.low_mean),
            gap=self.num(g.gap),
        )

    def myths(self) -> str:
        s, t = self.s, self.t
        order = {m.id: i for i, m in enumerate(self.q.myths)}
        recurring = sorted((m for m in s.myths if m.n), key=lambda m: (-m.n, order[m.id]))[:RECURRING_MYTHS]
        apart = fill(t["team.text.careless"], n=s.careless, total=s.respondents) if s.careless else ""
        if not recurring:
            return " ".join(filter(None, (t["team.text.myths.none"], apart)))
        items = [
            fill(
                t["team.text.myths.item"], myth=self.q.myth(m.id).title[self.lang], n=m.n, total=s.respondents
            )
            for m in recurring
        ]
        return " ".join(filter(None, (fill(t["team.text.myths"], myths="; ".join(items)), apart)))

    def plan(self) -> dict[str, str]:
        """Each step phrased by the engine's Presenter, as on a result page; the reason phrased for a team."""
        t, lang, out = self.t, self.lang, {}
        present = Presenter(self.q, lang)
        for i, st in enumerate(self.s.plan, 1):
            out[f"plan.{i}.step"] = present.step(st)
            benefit = present.benefit(st)
            if benefit:
                out[f"plan.{i}.benefit"] = benefit
            out[f"plan.{i}.why"] = fill(
                t[f"team.plan.reason.{st.reason}"],
                dimension=self.dim_title(st.dimension),
                score=self.num(st.score),
                gap=self.num(st.target_gap),
                target=self.q.level(st.target).name[lang] if st.target else NONE,
            )
        return out or {"plan.none": t["team.plan.none"]}

    def notes(self) -> dict[str, str]:
        """Why a group is missing: merged into "Others" or a whole breakdown withheld."""
        out = {}
        for b in self.s.breakdowns:
            note = self.breakdown_note(b)
            if note:
                out[f"note.{b.kind}"] = note
        return out

    def breakdown_note(self, b: Breakdown) -> str:
        t, m = self.t, self.s.min_group
        if b.withheld:
            return fill(t[f"team.withheld.{b.kind}"], min=m)
        if b.merged:
            return fill(t["team.merged"], groups=", ".join(self.id_label(b.kind, g) for g in b.merged), min=m)
        return ""


def written_summary(
    q: Questionnaire, s: TeamSummary, lang: str, team_names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The summary the report and the team view open with, keyed like their `data-f` attributes."""
    w = Wording(q, s, lang, team_names)
    out = {"note.min": fill(w.t["team.min_group.note"], min=s.min_group)}
    if s.withheld:
        out["note.withheld"] = fill(w.t["team.withheld"], n=s.respondents, min=s.min_group)
        return out
    out["text.stands"] = w.stands()
    out["text.disagree"] = w.disagree()
    out["text.groups"] = w.groups()
    out["text.myths"] = w.myths()
    return {**out, **w.plan(), **w.notes()}


def figures(
    q: Questionnaire, s: TeamSummary, lang: str, team_names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Every figure of the team view as displayed text, keyed like the pages' `data-f` attributes."""
    w = Wording(q, s, lang, team_names)
    out = {"count": fill(w.t["team.count"], n=s.respondents), **written_summary(q, s, lang, team_names)}
    if s.withheld:
        return out
    assert s.overall is not None and s.everyone is not None, "set whenever the figures are not withheld"
    for d in (*s.dimensions, s.overall):
        out.update(_dimension_figures(w, d))
    for i, x in enumerate(s.disagreements, 1):
        out[f"disagree.{i}"] = fill(
            w.t["team.disagree.item"],
            question=x.id.upper(),
            prompt=q.question(x.id).prompt[lang],
            spread=w.num(x.spread),
            n=x.n,
        )
    for g in (s.everyone, *(g for b in s.breakdowns for g in b.groups)):
        out.update(_group_figures(w, g))
    for m in s.myths:
        out[f"myth.{m.id}"] = fill(
            w.t["team.myths.item"], myth=q.myth(m.id).title[lang], n=m.n, total=s.respondents
        )
    return out


def _dimension_figures(w: Wording, d) -> dict[str, str]:
    k = f"dim.{d.id}."
    t, num = w.t, w.num
    chosen = ", ".join(f"{w.q.level(lid).name[w.lang]}: {n}" for lid, n in d.targets.items() if n)
    unset = fill(t["team.targets.none"], n=d.no_target) if d.no_target else ""
    return {
        k + "mean": num(d.mean),
        k + "median": num(d.median),
        k + "range": f"{num(d.min)}{DASH}{num(d.max)}" if d.n else NONE,
        k + "spread": num(d.spread),
        k + "agreement": t[f"team.agreement.{d.agreement}"] if d.agreement else NONE,
        k + "level": w.q.level(d.level).name[w.lang] if d.level else NONE,
        # "16 chose none" alone says nothing: the count of those without a target only beside chosen ones
        k + "targets": f"{chosen}; {unset}" if chosen and unset else chosen or NONE,
    }


def _group_figures(w: Wording, g: Group) -> dict[str, str]:
    k = f"group.{g.kind}.{g.id}."
    out = {k + "label": w.group_label(g), k + "n": str(g.n)}
    for did, v in g.dimensions.items():
        out[k + did] = w.num(v)
    out[k + "overall"] = w.num(g.overall)
    out[k + "felt"] = (
        fill(w.t["team.felt.value"], felt=w.num(g.felt), measured=w.num(g.measured)) if g.felt_n else NONE
    )
    return out
