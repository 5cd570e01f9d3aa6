"""Social preview images (Open Graph / Twitter), one per page type and language, drawn at build time.

Pillow draws them so the site needs no image editor and no third-party service; a consultant's
accent colour and name carry through. A result link's answers live after the `#`, which no server or link
preview ever sees, so its card cannot show the result: it says plainly what the link opens instead of a
"Your result" that would read as the recipient's own.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from centricity.core.registry import PAGE_KINDS

SIZE = (1200, 630)
# One card per page kind, titled with the kind's name; a page's endpoint is "site.<kind>".
KINDS = {k.name: k.title_key for k in PAGE_KINDS}
ENDPOINT_KIND = {f"site.{k.name}": k.name for k in PAGE_KINDS}
TEXT_WIDTH = 820  # the ladder drawn on the right takes the rest

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _font(size: int, bold: bool = True) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A system font with accents where the machine has one; Pillow's own font (ASCII only) otherwise."""
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), size), True
    return ImageFont.load_default(size=size), False


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c) and ord(c) < 128
    )


def card_text(t: Mapping[str, str], kind: str) -> tuple[str, str]:
    """A card's headline and line of explanation in one language: `preview.<kind>.title` and
    `preview.<kind>.lead` where the strings have them, else the kind's name and the site's lead."""
    return t.get(f"preview.{kind}.title", t[KINDS[kind]]), t.get(f"preview.{kind}.lead", t["preview.lead"])


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, lines: int) -> list[str]:
    """Words into at most `lines` lines no wider than `width` pixels, the last one ending in "…" if cut."""
    out: list[str] = []
    for word in text.split():
        if out and draw.textlength(f"{out[-1]} {word}", font=font) <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;:") + "…"
    return out


def _ladder(draw: ImageDraw.ImageDraw, accent: str) -> None:
    """Five rising steps, one filled: the maturity ladder every result is read against."""
    for i in range(5):
        x0, height = 880 + i * 56, 70 + i * 62
        box = (x0, 540 - height, x0 + 44, 540)
        if i == 3:
            draw.rounded_rectangle(box, radius=8, fill="white")
        else:
            draw.rounded_rectangle(box, radius=8, outline="white", width=5, fill=accent)


def preview_png(site_name: str, title: str, accent: str, lead: str = "") -> bytes:
    image = Image.new("RGB", SIZE, accent)
    draw = ImageDraw.Draw(image)
    big, full = _font(58)
    small, _ = _font(38)
    body, _ = _font(30, bold=False)
    if not full:
        site_name, title, lead = _ascii(site_name), _ascii(title), _ascii(lead)
    draw.ellipse((80, 72, 142, 134), outline="white", width=11)
    draw.text((166, 80), site_name, font=small, fill="white")
    y = 190
    for line in _wrap(draw, title, big, TEXT_WIDTH, 3):
        draw.text((80, y), line, font=big, fill="white")
        y += 72
    y += 22
    for line in _wrap(draw, lead, body, TEXT_WIDTH - 60, 4):
        draw.text((80, y), line, font=body, fill="white")
        y += 42
    _ladder(draw, accent)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
