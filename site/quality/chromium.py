"""Debian's Chromium driven by Playwright: one place for its path and flags, for the audit, tests and benches.

Playwright is the `audit` extra, so nothing here imports it at module level: a missing install is reported by
`require_playwright` with what to run, not by a traceback at import time.
"""

from __future__ import annotations

import importlib
import shutil

from centricity.core.errors import CentricityError

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags Debian's Chromium needs headless in a container; Playwright adds --headless itself.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# The audited browser cannot reach any host but this one, whatever a broken page asks for.
AUDIT_ARGS = (*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
INSTALL_HINT = (
    "the audit needs Playwright, the `audit` extra: run `python -m pip install -e '.[audit]'` "
    "(or the README's test command, which installs it) in the repository"
)


class MissingToolError(CentricityError):
    """A tool the quality gates need is not installed; the message says what to install."""


def launch_options(*, audit: bool = False) -> dict:
    """Keyword arguments for Playwright's `chromium.launch` (sync or async): Debian's binary, our flags."""
    return {"executable_path": CHROMIUM, "args": list(AUDIT_ARGS if audit else CHROMIUM_ARGS)}


def require_playwright() -> None:
    """Fail with the install command before any work starts, when the `audit` extra is missing."""
    try:
        importlib.import_module("playwright.async_api")
    except ImportError as exc:
        raise MissingToolError(INSTALL_HINT) from exc
