"""Run the browser engine in node on a batch of cases (node is on every machine of this project)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from centricity.core import limits
from centricity.model.strings import strings

NODE = shutil.which("node") or "node"
JS = Path(__file__).parent / "js"


def page_data() -> dict:
    """What a page gives engine.js before it reads anything: the limits and the English refusal texts."""
    refusals = {k: v for k, v in strings("en").items() if k.startswith("refusal.")}
    return {"limits": limits.browser(), "strings": refusals}


def run(script: str, payload: dict):
    proc = subprocess.run(
        [NODE, str(JS / script)],
        input=json.dumps({"page": page_data(), **payload}),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
