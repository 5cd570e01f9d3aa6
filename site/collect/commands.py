"""What `python build.py collect ...` does, once its options are read (`cli.py`). Each command prints one
short line of what it did; a problem is a CentricityError (printed by the command line, exit 1)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gunicorn.app.base import BaseApplication

from centricity.collect import access as accounts
from centricity.collect import audit, auth, oidc, ratelimit, retention, serving, surveys
from centricity.collect import backup as backups
from centricity.collect import db as database
from centricity.collect.app import Options, create_collect_app, now
from centricity.collect.errors import CollectError, Refused
from centricity.collect.models import Admin, Survey
from centricity.collect.proxy import LOOPBACK
from centricity.model.catalog import Catalog
from centricity.team.survey import survey_links


def _english(exc: Refused) -> CollectError:
    return CollectError(exc.text("en"))


def migrate(url: str) -> int:
    db = database.connect(url)
    try:
        before, after = database.migrate(db)
    finally:
        db.close()
    print(
        f"database {database.shown(db.url)}: "
        f"{'up to date at' if before == after else 'migrated to'} revision {after}"
    )
    return 0


def add_admin(url: str, name: str, password: str, role: str | None = None) -> int:
    with _opened(url) as db:
        created = auth.set_password(db, name, password, now(), role)
    print(f"admin {name}: {'created' if created else 'password changed'}")
    return 0


def access(url: str, verb: str, name: str, survey_id: str) -> int:
    """Give a viewer a survey (`grant`) or take it away (`revoke`)."""
    with _opened(url) as db, db.write() as session:
        (accounts.grant if verb == "grant" else accounts.revoke)(session, name, survey_id)
        audit.record(session, audit.COMMAND_LINE, verb, now(), survey_id, name)
    print(f"{name}: {'may now see' if verb == 'grant' else 'may no longer see'} survey {survey_id}")
    return 0


def remove_admin(url: str, name: str) -> int:
    with _opened(url) as db:
        auth.remove_admin(db, name, now())
    print(f"admin {name}: removed, and signed out everywhere")
    return 0


def delete_survey(url: str, survey_id: str) -> int:
    with _opened(url) as db, db.write() as session:
        count = retention.delete_survey(session, survey_id)
        audit.record(session, audit.COMMAND_LINE, "delete-survey", now(), survey_id, f"{count} responses")
    print(f"survey {survey_id}: deleted with its {count} response(s)")
    return 0


def audit_log(url: str) -> int:
    with _opened(url) as db, db.read() as session:
        text = audit.export(session)
    sys.stdout.write(text.removeprefix("\ufeff"))
    return 0


def backup(url: str, out: Path) -> int:
    backups.backup(url, out)
    print(f"database {database.shown(url)}: backed up to {out} ({out.stat().st_size:,} bytes)")
    return 0


def restore(url: str, file: Path) -> int:
    revision = backups.restore(url, file)
    print(f"database {database.shown(url)}: restored from {file} (revision {revision})")
    return 0


def create_survey(url: str, catalog: Catalog, args: argparse.Namespace) -> int:
    with _opened(url) as db:
        spec = surveys.SurveySpec(
            id=args.id,
            questionnaire=args.questionnaire or catalog.primary.id,
            name=args.name,
            teams=surveys.parse_teams(args.teams, ","),
            opens=surveys.parse_date(args.opens),
            closes=surveys.parse_date(args.closes),
            min_group=args.min_group,
            retention_days=surveys.parse_days(args.retention_days),
        )
        with db.write() as session:
            surveys.create(session, spec, catalog, now())
            audit.record(session, audit.COMMAND_LINE, "create", now(), spec.id)
    where = f" --db '{database.shown(url)}'" if args.db else ""
    print(
        f"survey {spec.id} created with {len(spec.teams)} team(s); print its links with: "
        f"python build.py collect links{where} --survey {spec.id} --base-url URL"
    )
    return 0


def links(url: str, catalog: Catalog, survey_id: str, base_url: str, lang: str | None) -> int:
    db = _open(url)
    try:
        with db.read() as session:
            survey = session.get(Survey, survey_id)
            if survey is None:
                raise _english(Refused("collect.error.no_survey", 404, id=survey_id))
            teams = [(t.id, "" if t.name == t.id else t.name) for t in survey.teams]
            qid, min_group = survey.questionnaire, survey.min_group
    finally:
        db.close()
    for lg in [lang] if lang else list(catalog.languages):
        for team, link in survey_links(base_url, lg, qid, survey_id, teams, min_group=min_group):
            print(f"{team}\t{lg}\t{link}")
    return 0


@contextmanager
def _opened(url: str) -> Iterator[database.Database]:
    """A migrated database for one command, closed afterwards; a refusal is said in English (the terminal)."""
    db = _open(url)
    try:
        yield db
    except Refused as exc:
        raise _english(exc) from None
    finally:
        db.close()


def _open(url: str) -> database.Database:
    db = database.connect(url)
    try:
        database.require_migrated(db)
    except CollectError:
        db.close()
        raise
    return db


class _Gunicorn(BaseApplication):
    """gunicorn run from Python: each worker builds its own app (and database pool) after the fork."""

    def __init__(self, factory, settings: dict):
        self.factory = factory
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self):
        return self.factory()


def serve(url: str, catalog: Catalog, args: argparse.Namespace, fresh: bool) -> int:
    """Start gunicorn. A new default SQLite file is migrated first (zero set-up); any other database must
    have been migrated, which is checked here once, before any worker starts."""
    if fresh:
        migrate(url)
    db = _open(url)
    try:
        with db.read() as session:
            has_admin = session.query(Admin.id).first() is not None
    finally:
        db.close()
    if not has_admin:
        print("no admin yet: create one with: python build.py collect add-admin NAME")
    options = Options(
        https=args.https,
        trusted_proxies=tuple(args.trusted_proxy or LOOPBACK),
        oidc=oidc.configured(args.oidc_issuer, args.oidc_client_id, args.oidc_claim),
        submit_limit=ratelimit.Limit.parse(args.submit_limit),
        recipient=args.recipient,
        admin_lang=args.admin_lang if args.admin_lang in catalog.languages else "",
    )
    print(f"collecting on http://{args.host}:{args.port}/ (admin: /admin/), database {database.shown(url)}")
    trusted = tuple(args.trusted_proxy or LOOPBACK)
    settings = serving.settings(f"{args.host}:{args.port}", args.workers, args.read_timeout, trusted)
    _Gunicorn(lambda: create_collect_app(catalog, url, options), settings).run()
    return 0
