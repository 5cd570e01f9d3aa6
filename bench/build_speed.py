"""Build speed: pages, seconds and pages per second for the shipped site and for a generated site 20x larger.

The larger site holds the shipped questionnaires plus 19 copies of each under new ids, and 19 copies of every
content page, so it has about 20 times the pages.
Run: python bench/build_speed.py   (CENTRICITY_BENCH=tiny: the smaller examples/acme site and one copy, so
tests/test_bench.py can run it)
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from centricity.web.freeze import build

ROOT = Path(__file__).resolve().parent.parent
TINY = os.environ.get("CENTRICITY_BENCH") == "tiny"
SITE = ROOT / "examples" / "acme" if TINY else ROOT
CONFIG = SITE / "site.yaml" if (SITE / "site.yaml").is_file() else None
COPIES = 1 if TINY else 19
_ID = re.compile(r"^id: *(\S+)", re.MULTILINE)  # the questionnaire's id line, wherever it stands


def run(label: str, questions: Path, content: Path, out: Path) -> None:
    start = time.perf_counter()
    report = build(questions, content, CONFIG, out)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(
        f"{label:<10} {report.pages:>6} pages {seconds:>7.2f} s {report.pages / seconds:>8.1f} pages/s "
        f"{size / 1e6:>7.1f} MB"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        run("default", SITE / "questions", SITE / "content", tmp_path / "default")
        big = tmp_path / "questions"
        big.mkdir()
        for path in sorted((SITE / "questions").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            shutil.copy(path, big / path.name)
            for i in range(COPIES):
                (big / f"{path.stem}-{i:02d}.yaml").write_text(
                    _ID.sub(lambda m, i=i: f"id: {m[1]}-{i:02d}", text, count=1), encoding="utf-8"
                )
        content = tmp_path / "content"
        shutil.copytree(SITE / "content", content)
        for lang_dir in (SITE / "content").iterdir():
            if lang_dir.name == "profiles":
                continue
            for page in sorted(lang_dir.rglob("*.md")):
                flat = page.relative_to(lang_dir).with_suffix("").as_posix().replace("/", "-")
                text = page.read_text("utf-8")
                for i in range(COPIES):
                    (content / lang_dir.name / f"copy-{i:02d}-{flat}.md").write_text(text, "utf-8")
        run(f"{COPIES + 1}x", big, content, tmp_path / "big")


if __name__ == "__main__":
    main()
