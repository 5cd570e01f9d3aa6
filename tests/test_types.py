"""mypy keeps the model and engine honest about their types; here, so the README's test command runs it.

The package is imported as `centricity` but lives in `site/`, so mypy reads it through a link of that name.
"""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

CHECKED = ("centricity.core", "centricity.model", "centricity.engine")


def test_mypy_is_clean_on_core_model_and_engine(tmp_path):
    (tmp_path / "centricity").symlink_to(ROOT / "site", target_is_directory=True)
    packages = [arg for p in CHECKED for arg in ("-p", p)]
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--cache-dir", ".mypy_cache", *packages],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success" in proc.stdout
