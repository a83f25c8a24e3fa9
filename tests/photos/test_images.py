"""An uploaded photo is checked like a document and comes out as WebP renditions without metadata."""

import io
import zipfile

import pytest
from PIL import Image

from logis.documents.validation import UploadRefused
from logis.photos.images import MAX_PHOTO_BYTES, WIDTHS, prepare_photo
from tests.documents.files import EICAR
from tests.photos.samples import jpeg_with_comment, picture, png_header_only, png_with_text_chunk


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photo_becomes_webp_renditions_without_exif_nor_gps(fmt):
    prepared = prepare_photo(picture(fmt), name=f"sejour.{fmt.lower()}")
    assert sorted(prepared.renditions) == [480, 960, 1200]  # no width beyond the original's
    for width, content in prepared.renditions.items():
        image = Image.open(io.BytesIO(content))
        assert image.format == "WEBP"
        assert image.size == (width, round(800 * width / 1200))
        assert not image.getexif()
        assert b"TelephoneSecret" not in content
        assert b"GPS" not in content
    assert (prepared.width, prepared.height) == (1200, 800)


def test_a_large_photo_is_reduced_to_the_largest_width():
    prepared = prepare_photo(picture("JPEG", (3000, 2000)), name="grande.jpg")
    assert sorted(prepared.renditions) == list(WIDTHS)
    assert (prepared.width, prepared.height) == (1600, 1067)


def test_a_photo_taken_sideways_is_turned_upright():
    prepared = prepare_photo(picture("JPEG", (1200, 800), orientation=6), name="portrait.jpg")
    assert (prepared.width, prepared.height) == (800, 1200)


def test_the_same_picture_gives_the_same_key_and_another_picture_another():
    first = prepare_photo(picture("PNG"), name="a.png")
    assert prepare_photo(picture("PNG"), name="b.png").content_key == first.content_key
    assert prepare_photo(picture("PNG", (1000, 800)), name="c.png").content_key != first.content_key


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "est vide"),
        (b"%PDF-1.4 not a photo", "n'est pas une photo JPEG, PNG ou WebP"),
        (b"<html><script>alert(1)</script></html>", "n'est pas une photo JPEG, PNG ou WebP"),
        (b"GIF89a" + b"\x00" * 100, "n'est pas une photo JPEG, PNG ou WebP"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "illisible"),
        (EICAR, "refusé par le contrôle antivirus"),
        (b"\xff\xd8\xff" + EICAR, "refusé par le contrôle antivirus"),
    ],
)
def test_what_is_not_a_photo_is_refused_with_what_to_do(content, message):
    with pytest.raises(UploadRefused, match=message):
        prepare_photo(content, name="photo.jpg")


def test_a_photo_too_heavy_is_refused_before_being_decoded():
    with pytest.raises(UploadRefused, match="dépasse 10 Mo"):
        prepare_photo(b"\xff\xd8\xff" + b"\x00" * MAX_PHOTO_BYTES, name="lourde.jpg")


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = png_header_only(50_000, 50_000)
    assert len(bomb) < 2000
    with pytest.raises(UploadRefused, match="trop grande"):
        prepare_photo(bomb, name="bombe.png")


def test_an_image_with_an_archive_appended_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    with pytest.raises(UploadRefused, match="contient aussi une page web, un PDF ou une archive"):
        prepare_photo(picture("JPEG", (300, 200)) + archive.getvalue(), name="photo.jpg")


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_image_followed_by_a_web_page_is_refused(fmt):
    with pytest.raises(UploadRefused, match="n'est pas une image ordinaire"):
        prepare_photo(picture(fmt, (300, 200)) + b"<html><script>alert(1)</script></html>", name="photo")


def test_a_web_page_hidden_in_the_metadata_is_refused():
    with pytest.raises(UploadRefused, match="n'est pas une image ordinaire"):
        prepare_photo(jpeg_with_comment(b"<script>alert(document.cookie)</script>"), name="photo.jpg")
    with pytest.raises(UploadRefused, match="n'est pas une image ordinaire"):
        prepare_photo(png_with_text_chunk(b"<html><body>phishing</body></html>"), name="photo.png")


def test_a_harmless_comment_is_accepted_and_dropped():
    prepared = prepare_photo(jpeg_with_comment(b"Appareil photo du bailleur"), name="photo.jpg")
    assert all(b"Appareil photo" not in content for content in prepared.renditions.values())
