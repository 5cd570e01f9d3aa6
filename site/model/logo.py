"""The branding logo: checked by what the file holds, not by its name, since it is published on the site's own
origin and inlined into reports. A PNG must be a PNG; an SVG must be plain drawing: no script, no event
handler, no reference outside itself (which could load or run something when the logo is opened on its own).
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from centricity.core import limits

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
MAX_SIDE = 4096
_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
# Elements that run script, embed other documents, or change attributes (an <animate> can set an href).
_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "animate", "set"}
_LINK_ATTRIBUTES = {"href", "src", "{http://www.w3.org/1999/xlink}href"}
_UNSAFE_TEXT = re.compile(r"javascript:|@import|url\(\s*['\"]?(?!#)|expression\(", re.IGNORECASE)


class LogoError(ValueError):
    """Why a logo is refused, as a message for `site.yaml:line: logo: ...`."""


@dataclass(frozen=True)
class Logo:
    path: Path
    mimetype: str
    data: bytes


def read_logo(name: str, folder: Path) -> Logo:
    """The logo `name` (relative to the folder of site.yaml), checked; raise LogoError saying why not."""
    base = folder.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise LogoError("must be a file inside the folder of site.yaml (symbolic links are followed)")
    mimetype = _TYPES.get(path.suffix.lower())
    if mimetype is None:
        raise LogoError("expected an .svg or .png file")
    if not path.is_file():
        raise LogoError(f"no such file next to site.yaml: {name}")
    size = path.stat().st_size
    if size > limits.LOGO_MAX_BYTES:
        raise LogoError(f"the file is too large ({size} bytes, at most {limits.LOGO_MAX_BYTES})")
    data = path.read_bytes()
    if mimetype == "image/png":
        _check_png(data)
    else:
        _check_svg(data)
    return Logo(path, mimetype, data)


def _check_png(data: bytes) -> None:
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 24:
        raise LogoError("the file is not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise LogoError(f"the image is {width}x{height} pixels (at most {MAX_SIDE} on a side)")


def _check_svg(data: bytes) -> None:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise LogoError("the file is not an SVG image (not UTF-8 text)") from exc
    if re.search(r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", text, re.IGNORECASE):
        raise LogoError("the SVG declares a DOCTYPE, entities or a stylesheet; remove them")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise LogoError(f"the file is not an SVG image ({exc})") from exc
    if root.tag != f"{SVG_NS}svg":
        raise LogoError(
            'the file is not an SVG image (its root must be <svg xmlns="http://www.w3.org/2000/svg">)'
        )
    for element in root.iter():
        _check_element(element)


def _check_element(element: ET.Element) -> None:
    name = element.tag.rsplit("}", 1)[-1].lower()
    if name in _ACTIVE:
        raise LogoError(f"the SVG holds a <{name}> element, which can run script or load something")
    for attribute, value in element.attrib.items():
        local = attribute.rsplit("}", 1)[-1].lower()
        if local.startswith("on"):
            raise LogoError(f"the SVG holds an event handler ({local}), which runs script")
        if attribute in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
            raise LogoError(f"the SVG refers to something outside itself ({local}={value[:40]!r})")
        if _UNSAFE_TEXT.search(value):
            raise LogoError(f"the SVG holds an unsafe reference in {local}={value[:40]!r}")
    if element.text and _UNSAFE_TEXT.search(element.text):
        raise LogoError(f"the SVG holds an unsafe reference in a <{name}> element")
