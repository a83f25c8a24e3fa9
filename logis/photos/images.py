"""An uploaded photo checked like a document (logis.documents.validation) and turned into responsive WebP.

Accepted: JPEG, PNG and WebP, recognised by their content (not their name), at most MAX_PHOTO_BYTES and
MAX_PHOTO_PIXELS (checked from the header before decoding: decompression bombs), not a polyglot (an image that is
also a web page, a PDF or an archive), scanned by the antivirus when one is configured. The pixels alone are kept
(EXIF, GPS position, comments and profiles are dropped), turned upright, and written as WebP at the WIDTHS that do
not exceed the original's width.
"""

import hashlib
import io
from dataclasses import dataclass

from logis.documents.validation import (
    EICAR_SIGNATURE,
    JPEG_MAGIC,
    MAX_FILE_BYTES,
    MAX_IMAGE_PIXELS,
    PNG_MAGIC,
    UploadRefused,
    display_name,
    load_upright_image,
    refuse_image_polyglot,
    scan,
)

MAX_PHOTO_BYTES = MAX_FILE_BYTES
MAX_PHOTO_PIXELS = MAX_IMAGE_PIXELS
WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"


@dataclass(frozen=True)
class PreparedPhoto:
    renditions: dict[int, bytes]  # width -> WebP bytes
    width: int  # of the largest rendition
    height: int
    content_key: str  # SHA-256 of the largest rendition


def _kind(data: bytes) -> str | None:
    if data.startswith(JPEG_MAGIC):
        return "JPEG"
    if data.startswith(PNG_MAGIC):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def prepare_photo(data: bytes, *, name: str, scanner=None) -> PreparedPhoto:
    """Check one uploaded photo and return its renditions, or raise UploadRefused with what to do."""
    shown = display_name(name)
    if not data:
        raise UploadRefused(f"Le fichier « {shown} » est vide. Choisissez la photo elle-même.")
    if len(data) > MAX_PHOTO_BYTES:
        raise UploadRefused(
            f"La photo « {shown} » dépasse {MAX_PHOTO_BYTES // (1024 * 1024)} Mo. Réduisez sa taille (une "
            "définition de 2 000 pixels de large suffit) avant de l'envoyer."
        )
    if EICAR_SIGNATURE in data:
        raise UploadRefused(
            f"Le fichier « {shown} » a été refusé par le contrôle antivirus. Vérifiez votre appareil et envoyez "
            "une autre photo."
        )
    kind = _kind(data)
    if kind is None:
        raise UploadRefused(
            f"Le fichier « {shown} » n'est pas une photo JPEG, PNG ou WebP (son contenu a été vérifié, pas "
            "seulement son nom). Enregistrez la photo dans l'un de ces formats."
        )
    refuse_image_polyglot(data, shown=shown, kind=kind)
    image = load_upright_image(data, shown=shown, kind=kind, max_pixels=MAX_PHOTO_PIXELS)
    if scanner is not None and not scan(data, name=name, scanner=scanner):
        raise UploadRefused(
            "Le contrôle antivirus est momentanément indisponible : la photo n'a pas été enregistrée. "
            "Réessayez dans quelques minutes."
        )
    return render_photo(image)


def render_photo(image) -> PreparedPhoto:
    """The WebP renditions of decoded pixels (an upload once checked, or a picture the demo draws)."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    original_width, original_height = image.size
    widths = [width for width in WIDTHS if width < original_width] + [min(original_width, WIDTHS[-1])]
    renditions = {}
    for width in sorted(set(widths)):
        height = max(1, round(original_height * width / original_width))
        resized = image if width == original_width else image.resize((width, height), resample=3)  # bicubic
        out = io.BytesIO()
        resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        renditions[width] = out.getvalue()
    largest = max(renditions)
    return PreparedPhoto(
        renditions=renditions,
        width=largest,
        height=max(1, round(original_height * largest / original_width)),
        content_key=hashlib.sha256(renditions[largest]).hexdigest(),
    )
