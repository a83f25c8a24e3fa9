"""The copy of a piece handed to a landlord carries who it was sent to, for which application and when.

PDF: a watermark page drawn by WeasyPrint is laid over every page (pypdf merge_page). Images: the text is drawn
on the picture with Pillow. The original stored file is never changed.
"""

import datetime as dt
import io
import textwrap
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter, Transformation

from logis.documents.checklist import french_date

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def watermark_text(*, landlord: str, application_id: int, day: dt.date) -> str:
    return (
        f"Document transmis à {landlord} pour la candidature n° {application_id} le {french_date(day)} — "
        "toute autre utilisation est interdite"
    )


@lru_cache(maxsize=64)
def _stamp_pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("documents/watermark.html", {"text": text})).write_pdf()


def watermark_pdf(content: bytes, text: str) -> bytes:
    stamp = PdfReader(io.BytesIO(_stamp_pdf(text))).pages[0]
    stamp_width, stamp_height = float(stamp.mediabox.width), float(stamp.mediabox.height)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content), strict=False))
    for page in writer.pages:
        if page.rotation:
            page.transfer_rotation_to_content()  # the stamp reads upright on a page shown rotated
        box = page.mediabox
        transform = Transformation().scale(float(box.width) / stamp_width, float(box.height) / stamp_height)
        page.merge_transformed_page(stamp, transform.translate(float(box.left), float(box.bottom)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _font(size: int):
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def watermark_image(content: bytes, text: str) -> bytes:
    with Image.open(io.BytesIO(content)) as source:
        kind = source.format
        image = source.convert("RGBA")
    width, height = image.size
    size = max(12, width // 45)
    font = _font(size)
    chars = max(20, int(width / (size * 0.55)))
    lines = textwrap.wrap(text, chars)
    line_height = int(size * 1.3)
    band = line_height * len(lines) + size
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for top in (0, height - band):
        draw.rectangle((0, top, width, top + band), fill=(255, 255, 255, 200))
        for index, line in enumerate(lines):
            draw.text((size // 2, top + size // 2 + index * line_height), line, font=font, fill=(160, 0, 0, 255))
    stamped = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    if kind == "PNG":
        stamped.save(out, "PNG")
    else:
        stamped.convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def watermark(content: bytes, content_type: str, text: str) -> bytes:
    if content_type == "application/pdf":
        return watermark_pdf(content, text)
    return watermark_image(content, text)
