"""mypy over every package of `centricity`, here so the README's test command runs it (its settings are in
pyproject.toml).

The package is imported as `centricity` but lives in `site/`, so mypy reads it through a link of that name.
"""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_mypy_is_clean_on_every_package(tmp_path):
    (tmp_path / "centricity").symlink_to(ROOT / "site", target_is_directory=True)
    proc = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "centricity",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success" in proc.stdout
