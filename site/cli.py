"""The command line: build (the default), check, serve, survey-links, report, audit, collect.

Every user-caused failure is a CentricityError: printed as `file:line: field: problem`, exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from centricity.collect import cli as collect_cli
from centricity.core.errors import CentricityError, ValidationError

COMMANDS = ("build", "check", "serve", "survey-links", "report", "audit", "collect")


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--questions", type=Path, default=Path("questions"), help="folder of questionnaire YAML files"
    )
    p.add_argument("--content", type=Path, default=Path("content"), help="folder of Markdown content")
    p.add_argument("--config", type=Path, default=None, help="site.yaml with branding and languages")


def _item_options(r: argparse.ArgumentParser) -> None:
    """The report's item statistics: files for researchers, careless respondents, one wave."""
    r.add_argument("--items-csv", type=Path, default=None, help="also write the item statistics as CSV")
    r.add_argument(
        "--answers-csv", type=Path, default=None, help="one row per respondent and question (R, SPSS)"
    )
    r.add_argument("--codebook", type=Path, default=None, help="the codebook of --answers-csv, as CSV")
    r.add_argument(
        "--drop-careless", action="store_true", help="item statistics without careless respondents"
    )
    r.add_argument("--items-wave", default="", help="item statistics on this wave's respondents only")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python build.py", description="Build and check the Centricity site.")
    sub = ap.add_subparsers(dest="command")

    b = sub.add_parser("build", help="freeze the site into static files (default command)")
    _inputs(b)
    b.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build)")
    b.add_argument(
        "--zip", action="store_true", help="also write OUT.zip, a package that works opened from disk"
    )
    b.add_argument(
        "--base-url", default="", help="public URL of the site: enables canonical links and sitemap.xml"
    )

    c = sub.add_parser("check", help="validate questionnaires (PATHS) or the whole site inputs")
    _inputs(c)
    c.add_argument("paths", nargs="*", type=Path, help="questionnaire files or folders to validate")

    s = sub.add_parser("serve", help="run the live Flask server for preview")
    _inputs(s)
    s.add_argument("--port", type=int, default=5000)
    s.add_argument("--reload", action="store_true", help="pick up edits to the inputs and templates")

    sl = sub.add_parser("survey-links", help="print survey links for a list of teams")
    sl.add_argument("--survey", required=True, help="survey id, e.g. acme-2026")
    sl.add_argument("--teams", required=True, help="comma-separated team ids [=name]: sales=Sales floor,it")
    sl.add_argument("--wave", default="", help="optional wave id")
    sl.add_argument("--contact", default="", help="your email address, where respondents send responses")
    sl.add_argument("--min-group", type=int, default=5, help="smallest group results show (default 5)")
    sl.add_argument("--base-url", default="", help="where the site is published (required)")
    sl.add_argument("--lang", default="es")
    sl.add_argument("--questionnaire", default="customer-centricity")

    r = sub.add_parser("report", help="build a team report from response files")
    _inputs(r)
    r.add_argument("responses", nargs="+", type=Path, help="response JSON files, or text files of codes")
    r.add_argument("--out", type=Path, required=True, help="HTML report to write")
    r.add_argument("--csv", type=Path, default=None, help="also write the summary as CSV")
    r.add_argument("--responses-csv", type=Path, default=None, help="also write one CSV row per response")
    r.add_argument("--min-group", type=int, default=5, help="smallest group shown on its own (default 5)")
    r.add_argument("--teams", default="", help="team display names: sales=Sales floor,service=Service")
    r.add_argument("--show-labels", action="store_true", help="list each response with its label")
    r.add_argument("--name", default="", help="the survey's name, the report's title (e.g. Acme 2026)")
    r.add_argument("--lang", default=None)
    r.add_argument("--questionnaire", default=None, help="questionnaire id (default: the first)")
    _item_options(r)

    a = sub.add_parser("audit", help="audit a built site in headless Chromium")
    _inputs(a)
    a.add_argument("site", nargs="?", type=Path, default=None, help="a built site (default: build one)")
    a.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (slow)")
    a.add_argument(
        "--only",
        action="append",
        default=None,
        metavar="PAGE",
        help="open only these pages in the browser checks (name or prefix, e.g. es/); repeatable",
    )
    collect_cli.add_parser(sub, _inputs)
    return ap


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["build", *argv]
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except ValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found.", file=sys.stderr)
        return 1
    except CentricityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(args)
    if args.command == "build":
        from centricity.web.freeze import build

        report = build(
            args.questions, args.content, args.config, args.out, make_zip=args.zip, base_url=args.base_url
        )
        print(report)
        return 0
    if args.command == "serve":
        from centricity.engine.profiles import load_site
        from centricity.web.app import create_app

        app = create_app(load_site(args.questions, args.content, args.config), live=True)
        if args.reload:
            from centricity.web.reload import watch

            watch(app, args.questions, args.content, args.config)
        app.run(port=args.port)
        return 0
    if args.command == "survey-links":
        from centricity.team.survey import parse_teams, survey_links

        if not args.base_url:
            raise CentricityError("survey-links needs --base-url, the address where the site is published")
        teams = parse_teams(args.teams)
        place = (args.base_url, args.lang, args.questionnaire)
        for team, url in survey_links(*place, args.survey, teams, args.wave, args.contact, args.min_group):
            print(f"{team}\t{url}")
        return 0
    if args.command == "collect":
        return collect_cli.run(args)
    if args.command == "report":
        from centricity.web.report import run_report

        return run_report(report_options(args))
    if args.command == "audit":
        from centricity.quality.audit import AuditOptions, run_audit

        only = tuple(args.only) if args.only else None
        options = AuditOptions(args.questions, args.content, args.config, args.site, args.lighthouse, only)
        return run_audit(options)
    raise AssertionError(args.command)


def report_options(args: argparse.Namespace):
    """The report command's arguments as a typed ReportOptions; nothing past this point sees a Namespace."""
    from centricity.web.report import ReportOptions

    return ReportOptions(
        args.questions,
        args.content,
        args.config,
        tuple(args.responses),
        args.out,
        args.csv,
        args.responses_csv,
        args.min_group,
        args.teams,
        args.show_labels,
        args.lang,
        args.questionnaire,
        args.items_csv,
        args.answers_csv,
        args.codebook,
        args.drop_careless,
        args.items_wave,
        " ".join(args.name.split()),
    )


def _check(args: argparse.Namespace) -> int:
    from centricity.engine.profiles import load_site
    from centricity.model.questionnaire import load_questionnaire

    if args.paths:
        problems = []
        count = 0
        for path in args.paths:
            files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
            for file in files:
                try:
                    load_questionnaire(file)
                    count += 1
                except ValidationError as exc:
                    problems += exc.problems
        if problems:
            raise ValidationError(problems)
        print(f"ok: {count} questionnaire(s) valid")
        return 0
    catalog = load_site(args.questions, args.content, args.config)
    print(f"ok: {catalog.summary()}")
    return 0
