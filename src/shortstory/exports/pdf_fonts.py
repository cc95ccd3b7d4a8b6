"""The PDF's typeface: Noto Serif (OFL-1.1, from the ``fontpkg-noto-serif`` wheel), made static.

The wheel ships Noto Serif as two *variable* fonts (upright and italic, axes weight and width).
ReportLab embeds TrueType outlines as they are and knows nothing of variation tables, so it would
only ever draw the default instance, and a bold face would not exist. The four faces a family
needs are therefore cut from the variable files with fontTools once: regular and italic are the
default instance with the variation tables dropped (a fraction of a second), bold and bold italic
are instantiated at weight 700 (about 3.5 s each on the development machine). The results are
kept in a cache directory, so a machine pays that once, and registered with ReportLab once per
process as the family :data:`FAMILY`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from importlib import metadata
from pathlib import Path

import fontpkg
from fontTools.ttLib import TTFont as FontToolsFont
from fontTools.varLib import instancer
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "NotoSerif"
SOURCE_FAMILY = "Noto Serif"
SOURCE_DISTRIBUTION = "fontpkg-noto-serif"
REGULAR = f"{FAMILY}-Regular"
RECIPE = "2"
"""Bump when the way the static faces are cut changes, so that old caches are not reused."""

_VARIATION_TABLES = ("fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR", "STAT")
_FACES = {  # face name: (source style, weight or None for the default instance)
    f"{FAMILY}-Regular": ("normal", None),
    f"{FAMILY}-Italic": ("italic", None),
    f"{FAMILY}-Bold": ("normal", 700),
    f"{FAMILY}-BoldItalic": ("italic", 700),
}
_lock = threading.Lock()
_registered = False


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/shortstory/fonts`` (``~/.cache/...`` when it is not set)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shortstory" / "fonts"


def _cut_face(style: str, weight: int | None, target: Path) -> None:
    font = FontToolsFont(str(fontpkg.path(SOURCE_FAMILY, style=style)))
    if weight is None:
        for tag in _VARIATION_TABLES:
            if tag in font:
                del font[tag]
    else:
        font = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100},
                                                 updateFontNames=True)
    # Written beside the target and renamed: another process may be cutting the same face.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    os.close(handle)
    try:
        font.save(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def cache_folder(cache_dir: Path | None = None) -> Path:
    """The folder holding the static faces, created: in ``cache_dir``, else in the user's cache
    (:func:`default_cache_dir`) or, where that cannot be written (a read-only home on a
    platform), in the system's temporary directory."""
    folder_name = f"noto-serif-{metadata.version(SOURCE_DISTRIBUTION)}-r{RECIPE}"
    folder = (cache_dir or default_cache_dir()) / folder_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        if cache_dir is not None:
            raise
        folder = Path(tempfile.gettempdir()) / "shortstory-fonts" / folder_name
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def static_faces(cache_dir: Path | None = None) -> dict[str, Path]:
    """The four static faces' files, cut into :func:`cache_folder` where they are missing."""
    folder = cache_folder(cache_dir)
    faces = {}
    for name, (style, weight) in _FACES.items():
        path = folder / f"{name}.ttf"
        if not path.exists():
            _cut_face(style, weight, path)
        faces[name] = path
    return faces


def register_family(cache_dir: Path | None = None) -> str:
    """Register the static Noto Serif faces with ReportLab (once per process); the regular face's
    name, to use as a style's ``fontName``: ``<b>`` and ``<i>`` then pick the family's other faces.
    """
    global _registered
    with _lock:
        if not _registered:
            for name, path in static_faces(cache_dir).items():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(FAMILY, normal=f"{FAMILY}-Regular",
                                          bold=f"{FAMILY}-Bold", italic=f"{FAMILY}-Italic",
                                          boldItalic=f"{FAMILY}-BoldItalic")
            _registered = True
    return REGULAR
