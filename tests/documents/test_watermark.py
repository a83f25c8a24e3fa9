import io

from PIL import Image
from pypdf import PdfReader, PdfWriter

from logis.documents.watermark import watermark, watermark_text
from tests.documents import files

TEXT = "Document transmis à Habitat Sud pour la candidature n° 7 le 27 novembre 2026 — toute autre utilisation"


def test_the_watermark_text_says_who_for_what_and_when():
    import datetime as dt

    text = watermark_text(landlord="Habitat Sud", application_id=7, day=dt.date(2026, 11, 1))
    assert text == (
        "Document transmis à Habitat Sud pour la candidature n° 7 le 1er novembre 2026 — toute autre utilisation "
        "est interdite"
    )


def test_every_page_of_a_pdf_is_stamped():
    stamped = PdfReader(io.BytesIO(watermark(files.text_pdf("Bulletin", pages=3), "application/pdf", TEXT)))
    assert len(stamped.pages) == 3
    for page in stamped.pages:
        assert "Bulletin" in page.extract_text()
        assert "pour la candidature n° 7" in page.extract_text()


def test_a_rotated_page_is_stamped_upright():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.text_pdf("Paysage"))))
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    page = PdfReader(io.BytesIO(watermark(out.getvalue(), "application/pdf", TEXT))).pages[0]
    assert page.rotation == 0
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (842, 595)
    assert "pour la candidature n° 7" in page.extract_text()


def test_a_jpeg_stays_a_jpeg_with_the_text_drawn_on_it():
    original = files.jpeg_with_exif()
    stamped = watermark(original, "image/jpeg", TEXT)
    image = Image.open(io.BytesIO(stamped))
    assert image.format == "JPEG"
    assert image.size == (320, 200)
    before = Image.open(io.BytesIO(original)).convert("RGB")
    assert image.convert("RGB").getpixel((5, 5)) != before.getpixel((5, 5))
