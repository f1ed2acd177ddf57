"""Photos sent with a contribution: a few, each with a text alternative written by its author.

A photo is checked and encoded again by ``forum.uploads`` (JPEG, PNG or WebP, read from its
content; size and pixel limits; EXIF — the GPS position of a phone photo — dropped; turned
upright), shrunk to a reasonable size, given a thumbnail, and stored under random names in
``<upload folder>/photos``. Its words are its author's like the text's: a masked
contribution's photos are served to its author and the debate's staff only.

Posting is in two steps so that nothing is written for a refused contribution: ``check``
reads and cleans every photo before the contribution exists, ``attach`` writes the files and
rows once it does (no commit: the posting service owns the transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Contribution, ContributionPhoto
from forum.sanitize import clean_plain
from forum.uploads import (
    PHOTO_TYPES,
    CleanImage,
    clean_image,
    megabytes,
    read_limited,
    sniff,
    store_file,
    stored_path,
    thumbnail,
    upload_dir,
)

DEFAULT_MAX_PHOTOS = 3
DEFAULT_MAX_PHOTO_BYTES = 8 * 1024 * 1024
ALT_MAX = 300
FULL_SIDE = 2048  # a debate needs to see the place, not print it
THUMB_SIDE = 320  # shown at half that size: sharp on dense screens


@dataclass(frozen=True)
class PhotoUpload:
    """A photo as the form sends it: the file (if one was chosen) and its description."""

    stream: BinaryIO | None
    alt_text: str = ""


@dataclass(frozen=True)
class CheckedPhoto:
    full: CleanImage
    thumb: CleanImage
    alt_text: str


def max_photos() -> int:
    return int(current_app.config.get("PALABRE_MAX_PHOTOS") or DEFAULT_MAX_PHOTOS)


def max_photo_bytes() -> int:
    return int(current_app.config.get("PALABRE_MAX_PHOTO_BYTES") or DEFAULT_MAX_PHOTO_BYTES)


def request_limit() -> int:
    """The largest request a form with photos may send: every photo at its limit, plus text."""
    return max_photos() * max_photo_bytes() + 2 * 1024 * 1024


def photos_dir() -> Path:
    return upload_dir() / "photos"


def _check_one(stream: BinaryIO, alt_text: str, index: int) -> CheckedPhoto:
    field = f"photos-{index}-file"
    alt_text = clean_plain(alt_text)
    if not alt_text:
        raise InvalidInput(
            _(
                "Describe what photo %(n)d shows, for people who cannot see it "
                "(for example: “The crossing of the avenue at rush hour, seen from the stop”).",
                n=index + 1,
            ),
            field=f"photos-{index}-alt_text",
        )
    if len(alt_text) > ALT_MAX:
        raise InvalidInput(
            _("The description is too long: %(n)d characters at most.", n=ALT_MAX),
            field=f"photos-{index}-alt_text",
        )
    data = read_limited(stream, max_photo_bytes(), field=field)
    mimetype = sniff(data[:16])
    if mimetype not in PHOTO_TYPES:
        raise InvalidInput(_("Send a photo in JPEG, PNG or WebP format."), field=field)
    full, pixels = clean_image(data, mimetype, field=field, max_side=FULL_SIDE)
    return CheckedPhoto(full, thumbnail(pixels, full.mimetype, THUMB_SIDE), alt_text)


def check(uploads: Sequence[PhotoUpload]) -> list[CheckedPhoto]:
    """Read, check and clean the photos chosen on a form (entries without a file are empty
    rows of the form and are skipped); nothing is stored yet."""
    chosen = [(index, u.stream, u.alt_text) for index, u in enumerate(uploads) if u.stream]
    limit = max_photos()
    if len(chosen) > limit:
        raise InvalidInput(
            _("%(n)d photos at most with one contribution.", n=limit), field="photos"
        )
    return [_check_one(stream, alt_text, index) for index, stream, alt_text in chosen]


def attach(contribution: Contribution, photos: Sequence[CheckedPhoto]) -> None:
    """Store checked photos and link them to a contribution that has an id (no commit)."""
    folder = photos_dir()
    for position, photo in enumerate(photos, start=1):
        db.session.add(
            ContributionPhoto(
                contribution_id=contribution.id,
                position=position,
                file_name=store_file(folder, photo.full.data, photo.full.mimetype),
                thumb_name=store_file(folder, photo.thumb.data, photo.thumb.mimetype),
                mimetype=photo.full.mimetype,
                width=photo.full.width,
                height=photo.full.height,
                thumb_width=photo.thumb.width,
                thumb_height=photo.thumb.height,
                alt_text=photo.alt_text,
            )
        )


def find(contribution: Contribution, name: str) -> tuple[ContributionPhoto, Path] | None:
    """The photo or thumbnail of this contribution stored under ``name``, and its file."""
    photo = db.session.scalar(
        db.select(ContributionPhoto).where(
            ContributionPhoto.contribution_id == contribution.id,
            db.or_(ContributionPhoto.file_name == name, ContributionPhoto.thumb_name == name),
        )
    )
    if photo is None:
        return None
    path = stored_path(photos_dir(), name)
    return (photo, path) if path is not None else None


def download_name(contribution: Contribution, photo: ContributionPhoto, name: str) -> str:
    """A plain name for a saved copy, e.g. ``contribution-12-photo-1.jpg``."""
    small = "-small" if name == photo.thumb_name else ""
    return f"contribution-{contribution.id}-photo-{photo.position}{small}{Path(name).suffix}"


def limits_hint() -> str:
    """What the form says about the photos it takes."""
    return _(
        "Up to %(n)d photos, JPEG, PNG or WebP, %(mb)d MB each at most. Location and other "
        "data the camera recorded in the file are removed.",
        n=max_photos(),
        mb=megabytes(max_photo_bytes()),
    )
