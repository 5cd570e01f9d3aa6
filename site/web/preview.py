"""Social preview images (Open Graph / Twitter), one per page type and language, drawn at build time.

Pillow draws them so the site needs no image editor and no third-party service; a consultant's
accent colour and name carry through.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from centricity.core.registry import PAGE_KINDS

SIZE = (1200, 630)
# One card per page kind, titled with the kind's name; a page's endpoint is "site.<kind>".
KINDS = {k.name: k.title_key for k in PAGE_KINDS}
ENDPOINT_KIND = {f"site.{k.name}": k.name for k in PAGE_KINDS}


SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _font(size: int) -> tuple[ImageFont.FreeTypeFont, bool]:
    """A system font with accents where the machine has one; Pillow's own font (ASCII only) otherwise."""
    if SYSTEM_FONT.is_file():
        return ImageFont.truetype(str(SYSTEM_FONT), size), True
    return ImageFont.load_default(size=size), False


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c) and ord(c) < 128
    )


def preview_png(site_name: str, title: str, accent: str) -> bytes:
    image = Image.new("RGB", SIZE, accent)
    draw = ImageDraw.Draw(image)
    big, full = _font(64)
    small, _ = _font(40)
    if not full:
        site_name, title = _ascii(site_name), _ascii(title)
    draw.ellipse((80, 80, 150, 150), outline="white", width=12)
    draw.text((180, 88), site_name, font=small, fill="white")
    y = 250
    for line in textwrap.wrap(title, width=28)[:4]:
        draw.text((80, y), line, font=big, fill="white")
        y += 84
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
