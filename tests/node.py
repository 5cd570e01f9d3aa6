"""Run the browser engine in node on a batch of cases (node is on every machine of this project)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

NODE = shutil.which("node") or "node"
JS = Path(__file__).parent / "js"


def run(script: str, payload: dict):
    proc = subprocess.run(
        [NODE, str(JS / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
