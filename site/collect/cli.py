"""`python build.py collect ...`: run the survey server and manage it from the command line.

    python build.py collect                     # http://127.0.0.1:8000/ on SQLite (made on the first run)
    python build.py collect --db postgresql://u@host/db --host 0.0.0.0 --workers 4 --https
    python build.py collect migrate [--db URL]  # create or upgrade the database schema
    python build.py collect add-admin NAME [--db URL] [--password-stdin]
    python build.py collect remove-admin NAME [--db URL]
    python build.py collect add-admin NAME --role viewer          # sees only the surveys granted
    python build.py collect grant NAME --survey ID   (and revoke NAME --survey ID)
    python build.py collect backup --out FILE [--db URL]   # also while serving
    python build.py collect restore FILE [--db URL]        # into an empty database
    python build.py collect create-survey --id acme-2026 --name "Acme 2026" --teams sales:12,service:8:Service
    python build.py collect delete-survey --id acme-2026 [--db URL]
    python build.py collect audit [--db URL] > audit.csv
    python build.py collect links --survey acme-2026 --base-url https://survey.example.org/ [--lang en]

`cli.py` hooks it in with `add_parser(subparsers, inputs)` and `run(args)`; importing this module does not
import SQLAlchemy, so `python build.py --help` stays fast.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from centricity.core.errors import CentricityError
from centricity.core.limits import MIN_GROUP, PASSWORD_MIN, REQUEST_READ_SECONDS, SUBMIT_LIMIT

ACTIONS = (
    *("migrate", "add-admin", "remove-admin", "grant", "revoke"),
    *("create-survey", "delete-survey", "links", "audit", "backup", "restore"),
)


def add_parser(sub, inputs: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `collect` to the command line's subparsers; `inputs` adds --questions, --content and --config."""
    c = sub.add_parser(
        "collect",
        help="run the optional survey server that collects responses (see README: Collecting responses)",
        description="Serve the site plus a JSON API and an admin area that collect survey responses.",
    )
    inputs(c)
    c.add_argument("--db", default=None, help="database: a SQLite file or postgresql://... URL")
    c.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    c.add_argument("--port", type=int, default=8000)
    c.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    c.add_argument(
        "--read-timeout",
        type=float,
        default=REQUEST_READ_SECONDS,
        help=f"seconds a client has to send a request before it is dropped (default {REQUEST_READ_SECONDS})",
    )
    c.add_argument("--https", action="store_true", help="behind an HTTPS proxy: Secure cookies")
    c.add_argument(
        "--trusted-proxy",
        action="append",
        help="address of the reverse proxy whose X-Forwarded-Proto is believed (repeat; default loopback)",
    )
    c.add_argument("--oidc-issuer", default="", help="single sign-on: the OpenID provider's issuer URL")
    c.add_argument("--oidc-client-id", default="", help="single sign-on: this server's client id there")
    c.add_argument("--oidc-claim", default="", help="the ID token's claim naming the account")
    c.add_argument("--recipient", default="", help="who receives the answers, as respondents are told")
    c.add_argument("--admin-lang", default="", help="language of the admin area (default: the site's first)")
    c.add_argument(
        "--submit-limit",
        default=SUBMIT_LIMIT,
        help=f"submissions per survey: COUNT/SECONDS (default {SUBMIT_LIMIT})",
    )
    actions = c.add_subparsers(dest="collect_action", metavar="{" + ",".join(ACTIONS) + "}")
    _admin_actions(actions)
    _survey_actions(actions)


_DB = {"default": argparse.SUPPRESS, "help": "database: a SQLite file or postgresql://... URL"}


def _admin_actions(actions) -> None:
    """The actions on the database and its admins."""
    db = _DB
    actions.add_parser("migrate", help="create or upgrade the database schema").add_argument("--db", **db)
    a = actions.add_parser("add-admin", help="create an admin, or set an admin's password")
    a.add_argument("name")
    a.add_argument("--db", **db)
    a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    a.add_argument("--role", choices=("admin", "viewer"), help="a viewer sees only the surveys granted")
    for verb, text in (("grant", "let a viewer see a survey"), ("revoke", "take a survey from a viewer")):
        g = actions.add_parser(verb, help=text)
        g.add_argument("name")
        g.add_argument("--survey", required=True)
        g.add_argument("--db", **db)
    b = actions.add_parser("backup", help="copy the database (also while serving) to a new file")
    b.add_argument("--db", **db)
    b.add_argument("--out", required=True, type=Path, help="the backup file to create")
    rs = actions.add_parser("restore", help="put a backup into an empty database")
    rs.add_argument("file", type=Path, help="a file made by backup")
    rs.add_argument("--db", **db)
    r = actions.add_parser("remove-admin", help="remove an admin and end their sessions")
    r.add_argument("name")
    r.add_argument("--db", **db)
    au = actions.add_parser("audit", help="print the audit log of admin actions as CSV")
    au.add_argument("--db", **db)


def _survey_actions(actions) -> None:
    db = _DB
    s = actions.add_parser("create-survey", help="create a survey")
    s.add_argument("--db", **db)
    s.add_argument("--id", required=True, help="survey id, e.g. acme-2026")
    s.add_argument("--name", required=True, help="the name shown to respondents")
    s.add_argument("--questionnaire", default="", help="questionnaire id (default: the site's first)")
    s.add_argument("--teams", default="", help="comma-separated id:expected[:name], e.g. sales:12,it:4:IT")
    s.add_argument("--opens", default="", help="first day (YYYY-MM-DD)")
    s.add_argument("--closes", default="", help="last day for answers (YYYY-MM-DD)")
    s.add_argument(
        "--min-group",
        type=int,
        default=MIN_GROUP,
        help=f"minimum group size for anonymity (default {MIN_GROUP})",
    )
    s.add_argument(
        "--retention-days", default="", help="delete the responses this many days after the survey closes"
    )
    d = actions.add_parser("delete-survey", help="delete a survey, its teams and every response")
    d.add_argument("--db", **db)
    d.add_argument("--id", required=True, help="the survey's id")
    ln = actions.add_parser("links", help="print a survey's links, one per team and language")
    ln.add_argument("--db", **db)
    ln.add_argument("--survey", required=True)
    ln.add_argument(
        "--base-url", required=True, help="where this server is reached, e.g. https://survey.example.org/"
    )
    ln.add_argument("--lang", default=None, help="only this language")


def run(args: argparse.Namespace) -> int:
    from centricity.collect import commands
    from centricity.collect.db import DEFAULT_DB, database_url

    url = database_url(args.db or DEFAULT_DB)
    fresh = args.db is None and not Path(DEFAULT_DB).exists()
    action = args.collect_action
    if action == "migrate":
        return commands.migrate(url)
    if action == "add-admin":
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else _ask_password()
        return commands.add_admin(url, args.name, password, args.role)
    if action in ("grant", "revoke"):
        return commands.access(url, action, args.name, args.survey)
    if action == "delete-survey":
        return commands.delete_survey(url, args.id)
    if action == "audit":
        return commands.audit_log(url)
    if action == "backup":
        return commands.backup(url, args.out)
    if action == "restore":
        return commands.restore(url, args.file)
    if action == "remove-admin":
        return commands.remove_admin(url, args.name)
    catalog = _catalog(args)
    if action == "create-survey":
        return commands.create_survey(url, catalog, args)
    if action == "links":
        return commands.links(url, catalog, args.survey, args.base_url, args.lang)
    return commands.serve(url, catalog, args, fresh=fresh)


def _catalog(args: argparse.Namespace):
    from centricity.engine.profiles import load_site

    return load_site(args.questions, args.content, args.config)


def _ask_password() -> str:
    first = getpass.getpass(f"Password ({PASSWORD_MIN} characters at least): ")
    if getpass.getpass("Again: ") != first:
        raise CentricityError("the two passwords differ")
    return first
