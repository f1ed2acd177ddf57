"""The demo's photo: one contribution shows a picture of the avenue's plane trees.

The picture is drawn here with Pillow (no file shipped, nothing fetched) and goes through
the same checks and re-encoding as a participant's photo (``forum.photos``). Its
contribution and alternative text are in ``demo/data/tram.yaml``.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from demo.content import load
from forum import photos
from forum.extensions import db
from forum.models import Contribution, Debate

DEMO_SLUG = load("tram")["debate"]["slug"]
TITLE = load("tram")["photo"]["contribution_title"]
ALT_TEXT = load("tram")["photo"]["alt_text"]


def avenue_picture(width: int = 960, height: int = 640) -> bytes:
    """A drawn avenue lined with plane trees, under a summer sky (JPEG)."""
    image = Image.new("RGB", (width, height), (176, 210, 236))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.45)
    draw.polygon(  # the road, narrowing towards the horizon
        [(0, height), (width, height), (width * 0.56, horizon), (width * 0.44, horizon)],
        fill=(110, 110, 115),
    )
    draw.line([(width / 2, height), (width / 2, horizon)], fill=(235, 235, 230), width=4)
    for step in range(7):
        scale = 1 - step * 0.13
        for side in (-1, 1):
            x = width / 2 + side * (width * 0.42 * scale + 20)
            top = horizon - 220 * scale
            draw.rectangle(
                (x - 10 * scale, top + 120 * scale, x + 10 * scale, horizon + 140 * scale),
                fill=(150, 130, 100),
            )
            draw.ellipse(
                (x - 110 * scale, top - 40 * scale, x + 110 * scale, top + 150 * scale),
                fill=(60 + step * 8, 120 + step * 6, 60),
            )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def load_photos_demo() -> None:
    """Attach the drawn photo to its demo contribution, once."""
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == DEMO_SLUG))
    if debate is None:
        return
    item = db.session.scalar(
        db.select(Contribution).where(
            Contribution.debate_id == debate.id, Contribution.title == TITLE
        )
    )
    if item is None or item.photos:
        return
    checked = photos.check([photos.PhotoUpload(io.BytesIO(avenue_picture()), ALT_TEXT)])
    photos.attach(item, checked)
    db.session.commit()
