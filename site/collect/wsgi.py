"""The app for gunicorn's own command line, configured by environment variables, for deployments that run
several instances behind a load balancer (each one: `gunicorn -c python:centricity.collect.gunicorn_conf
-w 4 -b 0.0.0.0:8000 'centricity.collect.wsgi:create()'`, the config giving the threaded workers, read
deadline and logging of `serving.py`). Each worker calls `create()` after the fork, so each has its own
database pool.

    CENTRICITY_DB             database URL (required: instances must share one PostgreSQL)
    CENTRICITY_QUESTIONS      questionnaire folder (default: questions)
    CENTRICITY_CONTENT        content folder (default: content)
    CENTRICITY_CONFIG         site.yaml (optional)
    CENTRICITY_HTTPS          1 behind an HTTPS proxy: Secure cookies
    CENTRICITY_TRUSTED_PROXIES  the proxy's addresses, comma-separated (default loopback); give gunicorn
                              the same with --forwarded-allow-ips
    CENTRICITY_RECIPIENT      who receives the answers, as respondents are told
    CENTRICITY_SUBMIT_LIMIT   submissions per survey, COUNT/SECONDS (default: limits.SUBMIT_LIMIT)
    CENTRICITY_SECRET         session key (default: the one stored in the database)
    CENTRICITY_OIDC_ISSUER, CENTRICITY_OIDC_CLIENT_ID, CENTRICITY_OIDC_SECRET, CENTRICITY_OIDC_CLAIM
                              single sign-on with an OpenID provider (optional)
    CENTRICITY_READ_TIMEOUT   seconds a client has to send a request (read by gunicorn_conf)
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from centricity.collect.app import Options, create_collect_app
from centricity.collect.errors import CollectError
from centricity.collect.oidc import configured
from centricity.collect.proxy import LOOPBACK
from centricity.collect.ratelimit import Limit
from centricity.core.limits import SUBMIT_LIMIT
from centricity.engine.profiles import load_site


def create() -> Flask:
    env = os.environ
    if not env.get("CENTRICITY_DB"):
        raise CollectError(
            "set CENTRICITY_DB to the database URL (python build.py collect migrate --db URL first)"
        )
    config = env.get("CENTRICITY_CONFIG")
    catalog = load_site(
        Path(env.get("CENTRICITY_QUESTIONS", "questions")),
        Path(env.get("CENTRICITY_CONTENT", "content")),
        Path(config) if config else None,
    )
    options = Options(
        https=env.get("CENTRICITY_HTTPS") == "1",
        trusted_proxies=tuple(filter(None, env.get("CENTRICITY_TRUSTED_PROXIES", "").split(","))) or LOOPBACK,
        submit_limit=Limit.parse(env.get("CENTRICITY_SUBMIT_LIMIT", SUBMIT_LIMIT)),
        recipient=env.get("CENTRICITY_RECIPIENT", ""),
        oidc=configured(
            env.get("CENTRICITY_OIDC_ISSUER", ""),
            env.get("CENTRICITY_OIDC_CLIENT_ID", ""),
            env.get("CENTRICITY_OIDC_CLAIM", ""),
        ),
    )
    return create_collect_app(catalog, env["CENTRICITY_DB"], options)
