"""Probes for a load balancer or an orchestrator, with no login, no session and nothing about any survey:

- `GET /healthz`  200 while the process answers at all (a liveness probe: restart the instance otherwise)
- `GET /readyz`   200 when the database answers and is migrated to this code's schema, else 503 with the
                  reason in one word (`unreachable`, `not_migrated`): take the instance out of rotation

Readiness runs one small query (the schema's revision); the driver's words go to the log, not the answer.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from centricity.collect.app import server
from centricity.collect.db import current_revision, head_revision
from centricity.collect.errors import CollectError

bp = Blueprint("collect_health", __name__)


@bp.after_request
def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    expected = head_revision()
    try:
        found = current_revision(server().db)
    except CollectError as exc:
        current_app.logger.warning("not ready: %s", exc)
        return jsonify(status="unavailable", reason="unreachable"), 503
    if found != expected:
        current_app.logger.warning("not ready: database at revision %s, code at %s", found, expected)
        return jsonify(status="unavailable", reason="not_migrated", revision=found, expected=expected), 503
    return jsonify(status="ready", revision=found)
