"""Uploaded files: checked by content, images re-encoded, stored and served privately.

Every file that people send to Palabre goes through here: the documents of a debate
(``forum.documents``), the photos of contributions (``forum.photos``) and the scans of
offline contributions (``moderation.uploads``).

- The type is read from the first bytes, never from the name or the browser's word.
- An image is opened by Pillow, which reads only its header: a picture that claims more
  pixels than the limit (a decompression bomb) is refused before anything is decoded. It is
  then verified, decoded, turned upright and encoded again from its pixels alone, so that
  EXIF (the GPS position of a phone photo), XMP, comments and colour profiles are dropped.
- Files live in a folder outside ``static/`` under a random name, and are served by views
  through ``send_private`` with ``Content-Disposition``, ``nosniff`` and a sandboxing policy.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import Response, current_app, send_file
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.errors import InvalidInput
from forum.pdf_check import active_content

DEFAULT_MAX_IMAGE_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a bomb does not

# The stored ending of each type Palabre accepts somewhere.
ENDINGS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
_PILLOW_FORMAT = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
# Errors Pillow raises on a damaged or hostile file, at opening, verifying or decoding.
_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    Image.DecompressionBombError,
)

# Served files: nothing in them may run, be framed, or be read as another type.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
}


def sniff(head: bytes) -> str | None:
    """The type of a file from its first bytes, if it is one Palabre accepts."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def megabytes(limit: int) -> int:
    return max(1, limit // (1024 * 1024))


def read_limited(stream: BinaryIO, limit: int, *, field: str) -> bytes:
    """The bytes of an uploaded file, refused when empty or over ``limit`` bytes."""
    data = stream.read(limit + 1)
    if not data:
        raise InvalidInput(_("The file is empty."), field=field)
    if len(data) > limit:
        raise InvalidInput(
            _("The file is too large: %(n)d MB at most.", n=megabytes(limit)), field=field
        )
    return data


def check_pdf(data: bytes, *, field: str) -> bytes:
    """A PDF's bytes, refused (``InvalidInput``) if it carries active content: scripts,
    actions at opening, launched programs, attached files, multimedia, XFA forms."""
    found = active_content(data)
    if found:
        raise InvalidInput(
            _(
                "This PDF contains active content (%(names)s): scripts, automatic actions "
                "and attached files are not accepted. Save it again without them (for "
                "example with “Print to PDF”) and send it again.",
                names=", ".join(sorted(name.lstrip("/") for name in found)),
            ),
            field=field,
        )
    return data


# --- Images ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanImage:
    """An image encoded again from its pixels: no metadata left, upright."""

    data: bytes
    mimetype: str
    width: int
    height: int


def max_image_pixels() -> int:
    return int(current_app.config.get("PALABRE_MAX_IMAGE_PIXELS") or DEFAULT_MAX_IMAGE_PIXELS)


def _unreadable(field: str) -> InvalidInput:
    return InvalidInput(_("This image cannot be read: it is damaged or not an image."), field=field)


def _too_many_pixels(field: str, limit: int) -> InvalidInput:
    return InvalidInput(
        _("This image has too many pixels: %(n)d megapixels at most.", n=limit // 1_000_000),
        field=field,
    )


def _open_checked(data: bytes, mimetype: str, field: str) -> Image.Image:
    """Open (header only), check the claimed size, verify; return a fresh, undecoded image."""
    limit = max_image_pixels()
    formats = [_PILLOW_FORMAT[mimetype]]
    try:
        with warnings.catch_warnings():
            # Pillow's own guard fires at opening, above a limit higher than ours.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                width, height = probe.size
                if width * height > limit:
                    raise _too_many_pixels(field, limit)
                probe.verify()  # the file's structure, without decoding the pixels
            return Image.open(io.BytesIO(data), formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(field, limit) from error
    except _UNREADABLE as error:
        raise _unreadable(field) from error


def _pixels(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """RGB, or RGBA when the format keeps transparency; else transparency over white."""
    if "A" not in image.getbands() and "transparency" not in image.info:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    if keep_alpha:
        return rgba
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _encode(image: Image.Image, mimetype: str) -> bytes:
    image.info = {}  # no comment, profile, EXIF or XMP carried over from the upload
    out = io.BytesIO()
    if mimetype == "image/jpeg":
        image.save(out, "JPEG", quality=85, optimize=True)
    elif mimetype == "image/webp":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def clean_image(
    data: bytes, mimetype: str, *, field: str, max_side: int | None = None
) -> tuple[CleanImage, Image.Image]:
    """Check an image and encode it again without metadata; also return its pixels.

    JPEG and WebP keep their type; PNG and GIF become PNG (first frame only). ``max_side``
    shrinks a larger picture to that many pixels on its longer side.
    """
    stored_type = mimetype if mimetype in ("image/jpeg", "image/webp") else "image/png"
    with _open_checked(data, mimetype, field) as opened:
        try:
            opened.load()  # decoding starts here, once the size is known to be reasonable
            upright = ImageOps.exif_transpose(opened)  # the EXIF orientation, applied for good
            image = _pixels(upright, keep_alpha=stored_type != "image/jpeg")
            if max_side and max(image.size) > max_side:
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            encoded = _encode(image.copy(), stored_type)
        except _UNREADABLE as error:
            raise _unreadable(field) from error
    return CleanImage(encoded, stored_type, image.width, image.height), image


def thumbnail(image: Image.Image, mimetype: str, side: int) -> CleanImage:
    """A small copy of already cleaned pixels, at most ``side`` pixels on its longer side."""
    small = image.copy()
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    return CleanImage(_encode(small, mimetype), mimetype, small.width, small.height)


# --- Storing and serving -----------------------------------------------------------------


def upload_dir() -> Path:
    """The private folder of uploads: ``PALABRE_UPLOAD_DIR``, else ``instance/uploads``."""
    configured = current_app.config.get("PALABRE_UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def store_file(folder: Path, data: bytes, mimetype: str) -> str:
    """Write the bytes under a new random name in ``folder``; return the name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + ENDINGS[mimetype]
    temporary = folder / f".{name}.part"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(folder / name)
    return name


def stored_path(folder: Path, name: str | None) -> Path | None:
    """The file called ``name`` in ``folder``, if it is there. Names are ours (random, no
    separator), but a stored value is never trusted to stay inside the folder."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = folder / name
    return path if path.is_file() else None


def remove_file(folder: Path, name: str | None) -> None:
    path = stored_path(folder, name)
    if path is not None:
        path.unlink()


def send_private(
    path: Path,
    mimetype: str,
    download_name: str,
    *,
    attachment: bool,
    public: bool,
    max_age: int = 3600,
) -> Response:
    """Serve a stored file so that no browser runs it or reads it as another type.

    A public file may be kept by the visitor's browser for ``max_age`` seconds (``private``:
    never by a shared cache, so that a masked photo stops being served at once); any other
    is never stored.
    """
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=attachment,
        download_name=download_name,
        max_age=max_age if public else 0,
    )
    response.headers.update(FILE_HEADERS)
    response.headers["Cache-Control"] = (
        f"private, max-age={max_age}" if public else "private, no-store"
    )
    return response
