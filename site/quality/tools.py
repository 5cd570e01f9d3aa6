"""The npm tools of the quality gates (axe-core, html-validate, csstree-validator, Lighthouse, installed by
`npm ci` from package-lock.json) and the html-validate config, looked up from the current directory first and
then from the repository the package runs from, so the audit works from either."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from centricity.quality.chromium import MissingToolError

ROOT = Path(__file__).resolve().parents[2]  # the repository, when the package runs from a checkout
PACKAGES = ("axe-core", "html-validate", "csstree-validator")  # what every audit needs; Lighthouse on request
CONFIG = ".htmlvalidate.json"
NPM_HINT = "run `npm ci --no-audit --no-fund` in the repository (see the README's test command)"


@dataclass(frozen=True)
class Tools:
    """Where the npm tools and the html-validate config are."""

    root: Path  # the folder holding node_modules
    htmlvalidate_config: Path

    @property
    def axe(self) -> Path:
        return self.root / "node_modules" / "axe-core" / "axe.min.js"

    def bin(self, package: str, name: str) -> Path:
        """The script of an npm package's command, to run with node (no npx: it may try the network)."""
        meta_file = self.root / "node_modules" / package / "package.json"
        if not meta_file.is_file():
            raise MissingToolError(
                f"the npm package {package} is not in {self.root / 'node_modules'}: {NPM_HINT}"
            )
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        bins = meta["bin"] if isinstance(meta["bin"], dict) else {package: meta["bin"]}
        return self.root / "node_modules" / package / bins[name]


def _places(places: Sequence[Path] | None) -> list[Path]:
    found = []
    for place in places if places is not None else (Path.cwd(), ROOT):
        if place.resolve() not in found:
            found.append(place.resolve())
    return found


def find_tools(places: Sequence[Path] | None = None) -> Tools:
    """The first of `places` (default: the current directory, then the repository) with every package."""
    where = _places(places)
    names = " or ".join(str(p) for p in where)
    root = next((p for p in where if all((p / "node_modules" / n).is_dir() for n in PACKAGES)), None)
    if root is None:
        raise MissingToolError(f"node_modules with {', '.join(PACKAGES)} not found in {names}: {NPM_HINT}")
    config = next((p / CONFIG for p in [root, *where] if (p / CONFIG).is_file()), None)
    if config is None:
        raise MissingToolError(
            f"{CONFIG} (the html-validate rules) not found in {names}: run from the repository"
        )
    return Tools(root, config)
