"""Scans and photos of offline contributions: checked by content, stored privately.

The type is read from the file's first bytes (never from its name or the browser's word);
images are decoded and re-encoded by Pillow, which drops EXIF data such as the GPS
position of a phone photo. Files live under the instance folder (never in ``static/``)
with a random name, and are served by a view with ``Content-Disposition`` and ``nosniff``.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.errors import InvalidInput

DEFAULT_MAX_SCAN_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


@dataclass(frozen=True)
class StoredScan:
    filename: str
    mimetype: str


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def scans_folder() -> Path:
    folder = Path(current_app.instance_path) / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _reencode(data: bytes, mimetype: str) -> tuple[bytes, str]:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep the photo upright without EXIF
            out = io.BytesIO()
            if mimetype == "image/jpeg":
                image.convert("RGB").save(out, "JPEG", quality=88)
                return out.getvalue(), "image/jpeg"
            image.save(out, "PNG")
            return out.getvalue(), "image/png"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise InvalidInput(_("This image cannot be read."), field="scan") from error


def store_scan(data: bytes) -> StoredScan:
    """Check and store an uploaded scan; returns its private file name and type."""
    config = current_app.config
    limit = config.get(
        "PALABRE_MAX_SCAN_BYTES", config.get("PALABRE_MAX_UPLOAD_BYTES", DEFAULT_MAX_SCAN_BYTES)
    )
    if len(data) > limit:
        raise InvalidInput(
            _("The file is too large: %(n)d MB at most.", n=limit // (1024 * 1024)), field="scan"
        )
    mimetype = _sniff(data)
    if mimetype is None:
        raise InvalidInput(_("Send a JPEG, PNG or WebP image, or a PDF file."), field="scan")
    if mimetype != "application/pdf":
        data, mimetype = _reencode(data, mimetype)
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[mimetype]
    filename = f"{secrets.token_urlsafe(18)}.{extension}"
    (scans_folder() / filename).write_bytes(data)
    return StoredScan(filename, mimetype)


def scan_path(filename: str) -> Path:
    # Names are ours (random, no separator), but never trust a stored value blindly.
    if "/" in filename or "\\" in filename or filename.startswith("."):
        raise InvalidInput(_("This file does not exist."))
    return scans_folder() / filename
