"""Scans and photos of offline contributions: checked by content, stored privately.

``forum.uploads`` does the work shared with documents and photos: the type is read from
the file's first bytes, images are re-encoded by Pillow without their EXIF data (the GPS
position of a phone photo), and files live under the instance folder (never in
``static/``) with a random name, served with ``Content-Disposition`` and ``nosniff``.
A scan keeps its full size: its handwriting must stay readable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from forum import backup
from forum.errors import InvalidInput
from forum.uploads import (
    check_pdf,
    clean_image,
    read_limited,
    sniff,
    store_file,
    stored_path,
)

DEFAULT_MAX_SCAN_BYTES = 8 * 1024 * 1024
SCAN_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


@dataclass(frozen=True)
class StoredScan:
    filename: str
    mimetype: str


def scans_folder() -> Path:
    return Path(current_app.instance_path) / "scans"


backup.register_stored_folder("scans", scans_folder)  # paper contributions' scans


def store_scan(data: bytes) -> StoredScan:
    """Check and store an uploaded scan; returns its private file name and type."""
    config = current_app.config
    limit = config.get(
        "PALABRE_MAX_SCAN_BYTES", config.get("PALABRE_MAX_UPLOAD_BYTES", DEFAULT_MAX_SCAN_BYTES)
    )
    data = read_limited(io.BytesIO(data), limit, field="scan")  # refused if empty or too big
    mimetype = sniff(data[:16])
    if mimetype not in SCAN_TYPES:
        raise InvalidInput(_("Send a JPEG, PNG or WebP image, or a PDF file."), field="scan")
    if mimetype == "application/pdf":
        check_pdf(data, field="scan")
    else:
        cleaned, _pixels = clean_image(data, mimetype, field="scan")
        data, mimetype = cleaned.data, cleaned.mimetype
    return StoredScan(store_file(scans_folder(), data, mimetype), mimetype)


def scan_path(filename: str) -> Path | None:
    """The stored scan of that name, if it exists."""
    return stored_path(scans_folder(), filename)
