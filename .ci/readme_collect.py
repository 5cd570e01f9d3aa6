"""Run the README's "Collecting responses" commands as written and check that the server they start answers.

CI runs it in a brand-new virtual environment (`.ci/run`), so the install line must bring every package the
collecting server needs; tests/test_collect_cli.py runs it with `--skip-install` in the test environment. The
commands run in a scratch folder that links to the repository's build.py, questions/ and content/, so the
SQLite file they create stays out of the repository. Two changes only, both said here: `add-admin` gets
`--password-stdin` (no one types at CI), and the last command, which serves, a free port instead of 8000.
`python .ci/readme_collect.py --print` prints the commands.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough password\n"


def commands(text: str) -> list[str]:
    section = text.split("\n## Collecting responses\n", 1)[1].split("\n## ", 1)[0]
    return [line[4:] for line in section.splitlines() if line.startswith("    python")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def run(found: list[str], install: bool) -> int:
    *steps, serve = found
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("build.py", "questions", "content"):
            os.symlink(ROOT / name, Path(scratch) / name)
        for step in steps:
            if "pip install" in step:
                if install:
                    subprocess.run(step, shell=True, cwd=ROOT, check=True)
                continue
            argv = [sys.executable if w == "python" else w for w in shlex.split(step, comments=True)]
            feed = PASSWORD if "add-admin" in argv else None
            if feed:
                argv.append("--password-stdin")
            subprocess.run(argv, cwd=scratch, input=feed, text=True, check=True)
        port = free_port()
        argv = [sys.executable if w == "python" else w for w in shlex.split(serve, comments=True)]
        server = subprocess.Popen([*argv, "--port", str(port)], cwd=scratch, start_new_session=True)
        try:
            ok = answers(f"http://127.0.0.1:{port}/readyz", 60)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
    said = "brought up" if ok else "did not bring up"
    print(f"collect: the README's {len(found)} commands {said} the server")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    found = commands((ROOT / "README.md").read_text(encoding="utf-8"))
    if argv == ["--print"]:
        print("\n".join(found))
        return 0
    if argv not in ([], ["--skip-install"]):
        print("usage: readme_collect.py [--skip-install | --print]", file=sys.stderr)
        return 2
    return run(found, install=not argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
