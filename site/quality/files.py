"""The built site's files as the audited browser's URLs name them, with the sizes and ids the checks read
(cached: the same stylesheet or target page is asked about by many pages)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote

PREFIX = "/audit/sub/path/"  # the site is served under a sub-path: every URL must be relative
_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""")


class SiteFiles:
    def __init__(self, site: Path, prefix: str = PREFIX):
        self.site = site
        self.prefix = prefix
        self._ids: dict[Path, set[str]] = {}
        self._sizes: dict[Path, tuple[int, int]] = {}

    def file_for(self, path: str) -> Path | None:
        """The site file a same-origin URL path names (None: outside the site)."""
        if not path.startswith(self.prefix):
            return None
        return self.site / unquote(path[len(self.prefix) :])

    def sizes(self, file: Path) -> tuple[int, int]:
        """Raw and gzip bytes (level 6, what static hosts commonly use)."""
        if file not in self._sizes:
            data = file.read_bytes()
            self._sizes[file] = (len(data), len(gzip.compress(data, compresslevel=6)))
        return self._sizes[file]

    def ids_in(self, file: Path) -> set[str]:
        """The ids (and a names) of an HTML file, for #fragment links into it from other pages."""
        if file not in self._ids:
            self._ids[file] = set(_ID.findall(file.read_text(errors="replace")))
        return self._ids[file]

    def rel(self, file: Path) -> str:
        return file.relative_to(self.site).as_posix()
