"""Photos with contributions: checked by content, no EXIF left, private storage, safe serving.

Every image here is made by Pillow in the test; the decompression bomb is a PNG header
that claims 50,000 × 50,000 pixels, which Palabre must refuse before decoding anything.
"""

from __future__ import annotations

import io
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from forum import documents, privacy
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Contribution, ContributionPhoto, Role, Status
from forum.photos import photos_dir
from forum.uploads import clean_image
from tests import builders
from tests.conftest import post_form

GPS_IFD = 0x8825
ORIENTATION = 0x0112
TEXT = "Le carrefour de l'avenue est **dangereux** aux heures de pointe."


def jpeg_with_gps(size=(120, 80), orientation: int = 6) -> bytes:
    """A phone-like photo: EXIF with a maker, a GPS position and an orientation."""
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((20, 60, 200), (0, 0, size[0] // 2, size[1] // 3))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[ORIENTATION] = orientation  # 6: the camera was turned, show it rotated 90°
    exif[GPS_IFD] = {1: "N", 2: (43.0, 36.0, 12.5), 3: "E", 4: (1.0, 26.0, 30.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at 12 rue des Lilas")
    return out.getvalue()


def png_bytes(size=(40, 30), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 150, 90, 128)).save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A few dozen bytes whose header claims ``width`` × ``height`` pixels (a bomb's face)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def debate(app):
    return builders.make_debate("tram")


@pytest.fixture
def author(app):
    return builders.make_user("Camille")


def _form(debate, *photos, title="Le carrefour", body=TEXT) -> dict:
    data = {
        "kind": "opinion",
        "title": title,
        "body": body,
        "themes": str(debate.themes[0].id),
    }
    for index, (payload, name, alt) in enumerate(photos):
        if payload is not None:
            data[f"photos-{index}-file"] = (io.BytesIO(payload), name)
        data[f"photos-{index}-alt_text"] = alt
    return data


def _post(client, debate, *photos, **text):
    return post_form(
        client,
        f"/debates/{debate.slug}/contribute",
        _form(debate, *photos, **text),
        content_type="multipart/form-data",
    )


def _stored_files(app) -> list[Path]:
    folder = Path(app.instance_path) / "uploads" / "photos"
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _posted(response) -> Contribution:
    assert response.status_code == 302, response.get_data(as_text=True)
    contribution_id = int(re.search(r"/contributions/(\d+)", response.location).group(1))
    return db.session.get(Contribution, contribution_id)


def test_a_phone_photo_loses_its_exif_and_gps_position_and_is_turned_upright(
    app, client, login_as, debate, author
):
    login_as(author)
    alt = "Le passage piéton devant l'arrêt, vu depuis le trottoir"
    item = _posted(_post(client, debate, (jpeg_with_gps(), "IMG_2041 maison.jpg", alt)))
    [photo] = item.photos
    assert (photo.position, photo.alt_text, photo.mimetype) == (1, alt, "image/jpeg")
    assert (photo.width, photo.height) == (80, 120)  # the orientation applied to the pixels

    stored = photos_dir() / photo.file_name
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (80, 120)
        assert not image.getexif()  # no EXIF at all: no GPS, no maker, no orientation
        assert "exif" not in image.info and "comment" not in image.info
    raw = stored.read_bytes()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw and b"rue des Lilas" not in raw
    with Image.open(photos_dir() / photo.thumb_name) as thumb:
        assert not thumb.getexif() and max(thumb.size) <= 320


def test_files_have_random_names_outside_static(app, client, login_as, debate, author):
    login_as(author)
    _posted(_post(client, debate, (png_bytes(), "ma-rue.png", "Ma rue")))
    _posted(_post(client, debate, (png_bytes(), "ma-rue.png", "Ma rue encore")))
    names = [p.name for p in _stored_files(app)]
    assert len(names) == 4 and len(set(names)) == 4  # two photos, two thumbnails
    for name in names:
        assert re.fullmatch(r"[0-9a-f]{32}\.png", name)  # 128 random bits, nothing of the sender
    static = Path(app.static_folder).resolve()
    for path in _stored_files(app):
        assert static not in path.resolve().parents


def test_a_png_with_transparency_is_kept_as_png(app, client, login_as, debate, author):
    login_as(author)
    item = _posted(_post(client, debate, (png_bytes(), "plan.png", "Plan du quartier")))
    [photo] = item.photos
    assert photo.mimetype == "image/png" and photo.file_name.endswith(".png")
    with Image.open(photos_dir() / photo.file_name) as image:
        assert image.format == "PNG" and image.mode == "RGBA" and image.size == (40, 30)


def test_the_thread_shows_thumbnails_with_their_alt_text_linking_to_the_photo(
    app, client, login_as, debate, author
):
    login_as(author)
    item = _posted(
        _post(client, debate, (jpeg_with_gps(), "a.jpg", "L'arrêt « Lilas » & sa rampe"))
    )
    [photo] = item.photos
    client.post("/logout", data={})
    html = client.get(f"/contributions/{item.id}").get_data(as_text=True)
    full = f"/contributions/{item.id}/photos/{photo.file_name}"
    thumb = f"/contributions/{item.id}/photos/{photo.thumb_name}"
    assert f'<a href="{full}"><img src="{thumb}" alt="L&#39;arrêt « Lilas » &amp; sa rampe"' in html
    assert f'width="{photo.thumb_width}" height="{photo.thumb_height}"' in html


def test_photos_are_served_as_images_that_nothing_can_run(app, client, login_as, debate, author):
    login_as(author)
    item = _posted(_post(client, debate, (jpeg_with_gps(), "a.jpg", "Le carrefour")))
    [photo] = item.photos
    fresh = app.test_client()  # a visitor
    served = fresh.get(f"/contributions/{item.id}/photos/{photo.file_name}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.data == (photos_dir() / photo.file_name).read_bytes()
    headers = served.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"] == (
        f"inline; filename=contribution-{item.id}-photo-1.jpg"
    )
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "private, max-age=3600"
    small = fresh.get(f"/contributions/{item.id}/photos/{photo.thumb_name}")
    assert small.status_code == 200 and small.mimetype == "image/jpeg"
    assert "photo-1-small.jpg" in small.headers["Content-Disposition"]
    # Names that are not this contribution's photos are not served.
    other = builders.make_contribution(debate, author)
    assert fresh.get(f"/contributions/{other.id}/photos/{photo.file_name}").status_code == 404
    assert fresh.get(f"/contributions/{item.id}/photos/..%2Fsecret_key").status_code == 404


def test_a_masked_contributions_photos_are_for_its_author_and_staff_only(
    app, client, login_as, debate, author
):
    login_as(author)
    item = _posted(_post(client, debate, (png_bytes(), "a.png", "Mon jardin")))
    url = f"/contributions/{item.id}/photos/{item.photos[0].file_name}"
    item.status = Status.MASKED
    db.session.commit()
    assert app.test_client().get(url).status_code == 404
    assert "/photos/" not in app.test_client().get(f"/contributions/{item.id}").get_data(
        as_text=True
    )
    own = client.get(url)
    assert own.status_code == 200 and own.headers["Cache-Control"] == "private, no-store"
    moderator = builders.make_user("Modératrice")
    builders.grant(moderator, debate, Role.MODERATOR)
    staff = app.test_client()
    from tests.conftest import login

    login(staff, moderator)
    assert staff.get(url).status_code == 200


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "photo.jpg"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "plan.svg",
        ),
        (b"\xff\xd8\xff\xe0 not really a jpeg" + b"\x00" * 64, "faux.jpg"),
        (b"GIF89a" + b"\x00" * 32, "anime.gif"),  # a type photos do not take
        (b"%PDF-1.4\n%%EOF\n", "doc.jpg"),
    ],
    ids=["html-as-jpg", "svg", "broken-jpeg", "gif", "pdf"],
)
def test_what_is_not_a_photo_is_refused_and_the_text_is_kept(
    app, client, login_as, debate, author, payload, name
):
    login_as(author)
    response = _post(client, debate, (payload, name, "Une description"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="photos-0-file-error"' in html
    assert 'value="Le carrefour"' in html and "heures de pointe" in html  # nothing lost
    assert 'value="Une description"' in html
    assert "Choose them again" in html or "Choisissez-les de nouveau" in html
    assert db.session.scalar(db.select(db.func.count(ContributionPhoto.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0
    assert _stored_files(app) == []


def test_a_missing_description_is_refused_with_the_text_intact(
    app, client, login_as, debate, author
):
    login_as(author)
    response = _post(client, debate, (png_bytes(), "a.png", "  "))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    match = re.search(r'<p class="error" id="photos-0-alt_text-error">([^<]*)</p>', html)
    assert match and "1" in match.group(1)  # names the photo that needs it
    assert 'aria-describedby="photos-0-alt_text-hint photos-0-alt_text-error"' in html
    assert 'value="Le carrefour"' in html and "heures de pointe" in html
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0
    assert _stored_files(app) == []


def test_a_decompression_bomb_is_refused_before_it_is_decoded(
    app, client, login_as, debate, author
):
    bomb = png_claiming(50_000, 50_000)  # 2.5 gigapixels in a few dozen bytes
    assert len(bomb) < 200
    login_as(author)
    started = time.perf_counter()
    response = _post(client, debate, (bomb, "bombe.png", "Une image"))
    assert time.perf_counter() - started < 5
    assert response.status_code == 422
    error = re.search(r'id="photos-0-file-error">([^<]*)<', response.get_data(as_text=True))
    assert error and "50" in error.group(1)  # the pixel limit, not a failed decoding
    assert _stored_files(app) == []


@pytest.mark.parametrize("app_config", [{"PALABRE_MAX_IMAGE_PIXELS": 10_000}])
def test_the_pixel_limit_is_checked_from_the_header_whatever_pillows_own_guard(app):
    # Under Pillow's limit, over ours: the header's size alone decides.
    with pytest.raises(InvalidInput) as refused:
        clean_image(png_claiming(200, 200), "image/png", field="f")
    assert "pixel" in refused.value.message.lower()
    clean_image(png_bytes((100, 100)), "image/png", field="f")  # exactly the limit passes


@pytest.mark.parametrize("app_config", [{"PALABRE_MAX_PHOTOS": 2}])
def test_too_many_photos_are_refused(app, client, login_as, debate, author):
    login_as(author)
    three = [(png_bytes(), f"{n}.png", f"Photo {n}") for n in range(3)]
    response = _post(client, debate, *three)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="photos-error">[^<]*2', html)
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0
    # Two are fine, and the form offers two entries.
    page = client.get(f"/debates/{debate.slug}/contribute").get_data(as_text=True)
    assert 'name="photos-1-file"' in page and 'name="photos-2-file"' not in page
    _posted(_post(client, debate, *three[:2]))


@pytest.mark.parametrize("app_config", [{"PALABRE_MAX_PHOTO_BYTES": 1024 * 1024}])
def test_a_photo_over_the_size_limit_is_refused(app, client, login_as, debate, author):
    noise = Image.frombytes("RGB", (800, 600), bytes(range(256)) * 5625)
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert len(out.getvalue()) > 1024 * 1024
    login_as(author)
    response = _post(client, debate, (out.getvalue(), "lourd.png", "Une image lourde"))
    assert response.status_code == 422
    assert re.search(r'id="photos-0-file-error">[^<]*1 M', response.get_data(as_text=True))


def test_the_forms_take_files_with_labels_for_each_entry(app, client, login_as, debate, author):
    login_as(author)
    parent = builders.make_contribution(debate, author)
    for url in (f"/debates/{debate.slug}/contribute", f"/contributions/{parent.id}/reply"):
        html = client.get(url).get_data(as_text=True)
        assert 'enctype="multipart/form-data"' in html
        for index in range(3):
            assert f'<label for="photos-{index}-file">' in html
            assert f'<label for="photos-{index}-alt_text">' in html
        assert 'accept="image/jpeg,image/png,image/webp"' in html
        assert "<legend>" in html


def test_a_reply_can_carry_a_photo(app, client, login_as, debate, author):
    parent = builders.make_contribution(debate, builders.make_user("Dominique"))
    login_as(author)
    response = post_form(
        client,
        f"/contributions/{parent.id}/reply",
        {
            "relation": "objects",
            "kind": "opinion",
            "body": "Voici la rue à 8 h.",
            "photos-0-file": (io.BytesIO(jpeg_with_gps(orientation=1)), "rue.jpg"),
            "photos-0-alt_text": "La rue encombrée à 8 h",
        },
        content_type="multipart/form-data",
    )
    reply = _posted(response)
    assert reply.parent_id == parent.id
    assert [p.alt_text for p in reply.photos] == ["La rue encombrée à 8 h"]


def test_the_data_export_lists_the_photos(app, client, login_as, debate, author):
    login_as(author)
    item = _posted(_post(client, debate, (png_bytes(), "a.png", "Mon jardin")))
    [photo] = item.photos
    exported = privacy.export_data(author)
    [entry] = exported["contributions"]
    [exported_photo] = entry["photos"]
    assert exported_photo["file"] == photo.file_name
    assert exported_photo["thumbnail"] == photo.thumb_name
    assert exported_photo["alt"] == "Mon jardin"
    assert (exported_photo["type"], exported_photo["width"]) == (photo.mimetype, photo.width)


def test_document_images_lose_their_exif_too(app):
    data, file_type = documents.check_upload(
        documents.Upload("plan.jpg", io.BytesIO(jpeg_with_gps())), field_name="file"
    )
    assert file_type == "image/jpeg"
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif() and image.size == (80, 120)


def test_the_demo_photo_is_drawn_checked_and_attached_once(app):
    from demo.photos import ALT_TEXT, DEMO_SLUG, TITLE, load_photos_demo

    debate = builders.make_debate(DEMO_SLUG)
    item = builders.make_contribution(debate, builders.make_user(), title=TITLE)
    load_photos_demo()
    load_photos_demo()  # safe to run twice
    db.session.refresh(item)
    assert [p.alt_text for p in item.photos] == [ALT_TEXT]
    with Image.open(photos_dir() / item.photos[0].file_name) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_webp_photo_is_kept_as_webp(app, client, login_as, debate, author):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 200)).save(out, "WEBP")
    login_as(author)
    item = _posted(_post(client, debate, (out.getvalue(), "a.webp", "Le pont")))
    with Image.open(photos_dir() / item.photos[0].file_name) as image:
        assert image.format == "WEBP" and image.size == (64, 48)


def test_photos_stay_with_the_words_when_the_account_is_erased(
    app, client, login_as, debate, author
):
    login_as(author)
    item = _posted(_post(client, debate, (png_bytes(), "a.png", "Mon jardin")))
    url = f"/contributions/{item.id}/photos/{item.photos[0].file_name}"
    privacy.erase_account(author, builders.DEFAULT_PASSWORD)
    db.session.refresh(item)
    assert item.author_id is None and [p.alt_text for p in item.photos] == ["Mon jardin"]
    assert app.test_client().get(url).status_code == 200


def test_a_hostile_description_is_kept_as_text_and_escaped(app, client, login_as, debate, author):
    vector = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    login_as(author)
    item = _posted(_post(client, debate, (png_bytes(), "a.png", vector)))
    assert item.photos[0].alt_text == vector  # what was written, as written
    html = client.get(f"/contributions/{item.id}").get_data(as_text=True)
    assert "onerror=alert(1)>" not in html and "<script>alert(2)" not in html
    assert 'alt="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;' in html
