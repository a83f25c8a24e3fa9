"""Inspection of an uploaded file before anything is stored: type by content, size, malware test string, PDF bombs.

Each refusal raises UploadRefused with a French sentence that names the file and says what to do. Accepted images
come back re-encoded (their metadata, EXIF and GPS included, is dropped); accepted PDFs come back as sent, once
checked for active content (JavaScript, actions on opening, launching programs, attached files) and for being
also something else (HTML page, archive): both are refused.

The EICAR test signature is always refused here (also inside a PDF's compressed streams), which is the whole
antivirus of the demo. Production and CI add a real scanner (clamd, logis.documents.antivirus), passed in by the
caller: a file it finds infected is refused; when it cannot be reached, the file comes back with scanned=False and
the caller keeps it in quarantine until a later scan (it is never accepted unscanned).
"""

import hashlib
import io
import logging
import re
import warnings
import zlib
from dataclasses import dataclass, replace

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from logis.documents.antivirus import ScannerUnavailable

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_PIECE = 10
MAX_PDF_PAGES = 50
# A PDF's compressed streams may not inflate beyond this in total (a "zip bomb" disguised as a PDF).
MAX_PDF_INFLATED_BYTES = 64 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
_CHUNK = 64 * 1024

EICAR_SIGNATURE = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"

_STREAM = re.compile(rb"(?<!end)stream\r?\n")


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str
    page_count: int
    sha256: str
    # False when the scanner could not be reached: the file waits in quarantine for a later scan.
    scanned: bool = True


def display_name(name: str) -> str:
    """The name a person gave the file, for display only (never used on disk): last path part, printable."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:120] or "fichier"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"


def inspect_upload(data: bytes, *, name: str, scanner=None) -> CleanFile:
    """Check one file (its whole content) and return what may be stored, or raise UploadRefused.

    `scanner` (logis.documents.antivirus), when given, scans the bytes as sent once every other check passed.
    """
    clean = _inspect(data, display_name(name))
    if scanner is None or scan(data, name=name, scanner=scanner):
        return clean
    return replace(clean, scanned=False)


def scan(data: bytes, *, name: str, scanner) -> bool:
    """Scan the bytes as sent: raise UploadRefused when infected; False when the scanner could not be reached."""
    try:
        verdict = scanner.scan(data)
    except ScannerUnavailable as error:
        logger.warning("antivirus unavailable: %s", error)
        return False
    if verdict.infected:
        logger.warning("upload refused by the antivirus: signature %s", verdict.signature)
        raise UploadRefused(_malware_message(display_name(name)))
    return True


def _malware_message(shown: str) -> str:
    return (
        f"Le fichier « {shown} » a été refusé par le contrôle antivirus. Vérifiez votre appareil et envoyez "
        "une autre copie du document."
    )


def _inspect(data: bytes, shown: str) -> CleanFile:
    if not data:
        raise UploadRefused(f"Le fichier « {shown} » est vide. Choisissez le document lui-même.")
    if len(data) > MAX_FILE_BYTES:
        raise UploadRefused(
            f"Le fichier « {shown} » dépasse la taille maximale de {_megabytes(MAX_FILE_BYTES)}. Réduisez sa "
            "taille (photo moins définie, PDF compressé) ou envoyez-le en plusieurs fichiers."
        )
    _refuse_malware(data, shown)
    if data.startswith(PDF_MAGIC):
        return _inspect_pdf(data, shown)
    if data.startswith(JPEG_MAGIC):
        return _reencode_image(data, shown, "JPEG")
    if data.startswith(PNG_MAGIC):
        return _reencode_image(data, shown, "PNG")
    raise UploadRefused(
        f"Le fichier « {shown} » n'est ni un PDF ni une image JPEG ou PNG (son contenu a été vérifié, pas "
        "seulement son nom). Enregistrez ou scannez le document au format PDF, JPEG ou PNG."
    )


def _refuse_malware(data: bytes, shown: str) -> None:
    if EICAR_SIGNATURE in data:
        raise UploadRefused(_malware_message(shown))


def _inflated_size_within_cap(data: bytes, shown: str) -> None:
    """Inflate every Flate stream of the PDF in bounded chunks; refuse as soon as the total passes the cap.

    The inflated bytes are also searched for the test signature (a PDF may hide it in a compressed stream).
    """
    total = 0
    keep = len(EICAR_SIGNATURE)
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        inflater = zlib.decompressobj()
        pending = data[start:end]
        tail = b""
        try:
            while True:
                chunk = inflater.decompress(pending, _CHUNK)
                total += len(chunk)
                if total > MAX_PDF_INFLATED_BYTES:
                    raise UploadRefused(
                        f"Le fichier « {shown} » contient des données compressées anormalement volumineuses et a "
                        "été refusé. Enregistrez à nouveau le document en PDF (« Imprimer » puis « Enregistrer au "
                        "format PDF ») avant de l'envoyer."
                    )
                _refuse_malware(tail + chunk, shown)
                tail = chunk[-keep:]
                pending = inflater.unconsumed_tail
                if inflater.eof or (not chunk and not pending):
                    break
        except zlib.error:
            continue  # not a Flate stream (a JPEG image, for instance): nothing to inflate


def _inspect_pdf(data: bytes, shown: str) -> CleanFile:
    _inflated_size_within_cap(data, shown)
    unreadable = UploadRefused(
        f"Le fichier « {shown} » est un PDF illisible ou endommagé. Enregistrez-le à nouveau ou scannez le document."
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                f"Le fichier « {shown} » est protégé par un mot de passe. Envoyez une copie sans protection "
                "(« Imprimer » puis « Enregistrer au format PDF »)."
            )
        pages = len(reader.pages)
    except UploadRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise unreadable from None
    if pages == 0:
        raise unreadable
    if pages > MAX_PDF_PAGES:
        raise UploadRefused(
            f"Le fichier « {shown} » compte {pages} pages ; {MAX_PDF_PAGES} au plus sont acceptées. Envoyez "
            "seulement les pages utiles."
        )
    _refuse_polyglot(data, shown)
    _refuse_active_content(reader, shown)
    return CleanFile(data, "application/pdf", "pdf", pages, hashlib.sha256(data).hexdigest())


# --- PDF: active content and polyglots (issue #12) -------------------------------------------------------------
# A landlord opens these files: a PDF that runs code when opened (JavaScript, automatic actions, launching a
# program) or carries other files is refused, as is a file that is also an HTML page or an archive (a polyglot,
# which a browser or an unpacker would read as something else). Refused, not cleaned: re-saving the document as a
# PDF (« Imprimer » puis « Enregistrer au format PDF ») gives a clean copy, and nothing of the sender's is altered.

_ACTIVE_REFUSAL = (
    "Le fichier « {shown} » contient du contenu actif ({what}) : Logis le refuse pour protéger les personnes qui "
    "ouvriront votre dossier. Enregistrez à nouveau le document en PDF (« Imprimer » puis « Enregistrer au format "
    "PDF ») : la nouvelle copie n'aura plus ce contenu."
)
# Keys of a PDF dictionary that make it run something or carry files, with what a person is told.
_ACTIVE_KEYS = {
    "/JS": "du JavaScript",
    "/JavaScript": "du JavaScript",
    "/AA": "une action automatique",
    "/Launch": "le lancement d'un programme",
    "/EmbeddedFiles": "un fichier joint",
    "/EmbeddedFile": "un fichier joint",
    "/RichMedia": "un contenu multimédia actif",
    "/XFA": "un formulaire dynamique (XFA)",
}
# Action types (/S) that run code, open programs or send data; /GoTo (a page), /URI (a link) are harmless.
_ACTIVE_ACTIONS = {
    "/JavaScript": "du JavaScript",
    "/Launch": "le lancement d'un programme",
    "/SubmitForm": "l'envoi de données",
    "/ImportData": "l'import de données",
    "/Rendition": "un contenu multimédia actif",
    "/GoToE": "un fichier joint",
    "/GoToR": "l'ouverture d'un autre fichier",
}
_MAX_PDF_OBJECTS = 50_000
_POLYGLOT_MARKERS = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b|javascript:|PK\x03\x04",
    re.IGNORECASE,
)
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


def _refuse_polyglot(data: bytes, shown: str) -> None:
    """Outside the streams (compressed page content, images), a PDF is made of objects: HTML tags or an archive
    header there, or bytes after the end of the file, mean that it is also something else."""
    refusal = UploadRefused(
        f"Le fichier « {shown} » n'est pas un PDF ordinaire : il contient aussi une page web ou une archive. "
        "Enregistrez à nouveau le document en PDF (« Imprimer » puis « Enregistrer au format PDF ») ou scannez-le."
    )
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :].strip(b"\r\n\t \x00"):
        raise refusal
    if _POLYGLOT_MARKERS.search(_STREAM_BODY.sub(b"stream endstream", data)):
        raise refusal


def _refuse_active_content(reader: PdfReader, shown: str) -> None:
    """Walk every object reachable from the trailer (bounded), refusing the first active element met."""
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    try:
        while stack:
            node = stack.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in seen:
                    continue
                seen.add(key)
                node = node.get_object()
            visited += 1
            if visited > _MAX_PDF_OBJECTS:
                raise UploadRefused(
                    f"Le fichier « {shown} » est d'une structure anormalement complexe. Enregistrez à nouveau le "
                    "document en PDF (« Imprimer » puis « Enregistrer au format PDF ») ou scannez-le."
                )
            if isinstance(node, DictionaryObject):
                _check_dictionary(node, shown)
                stack.extend(value for name, value in node.items() if name != "/Parent")
            elif isinstance(node, ArrayObject):
                stack.extend(node)
    except UploadRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise UploadRefused(
            f"Le fichier « {shown} » est un PDF illisible ou endommagé. Enregistrez-le à nouveau ou scannez le "
            "document."
        ) from None


def _check_dictionary(node: DictionaryObject, shown: str) -> None:
    for name, what in _ACTIVE_KEYS.items():
        if name in node:
            raise UploadRefused(_ACTIVE_REFUSAL.format(shown=shown, what=what))
    action = node.get("/S")
    if action in _ACTIVE_ACTIONS and ("/Type" not in node or node.get("/Type") == "/Action"):
        raise UploadRefused(_ACTIVE_REFUSAL.format(shown=shown, what=_ACTIVE_ACTIONS[action]))
    if node.get("/Subtype") in ("/FileAttachment", "/Movie", "/Sound", "/Screen", "/3D"):
        raise UploadRefused(_ACTIVE_REFUSAL.format(shown=shown, what="un fichier ou un média joint"))
    opening = node.get("/OpenAction")
    if opening is not None:
        opening = opening.get_object()
        # A destination (an array: the page to show) is harmless; an action other than « go to a page » is not.
        if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
            what = _ACTIVE_ACTIONS.get(opening.get("/S"), "une action à l'ouverture")
            raise UploadRefused(_ACTIVE_REFUSAL.format(shown=shown, what=what))


def _reencode_image(data: bytes, shown: str, kind: str) -> CleanFile:
    upright = load_upright_image(data, shown=shown, kind=kind)
    out = io.BytesIO()
    if kind == "JPEG":
        upright.convert("RGB").save(out, "JPEG", quality=90)
    else:
        if upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            upright = upright.convert("RGBA")
        upright.save(out, "PNG", optimize=True)
    content = out.getvalue()
    extension = "jpg" if kind == "JPEG" else "png"
    content_type = "image/jpeg" if kind == "JPEG" else "image/png"
    return CleanFile(content, content_type, extension, 1, hashlib.sha256(content).hexdigest())


def load_upright_image(data: bytes, *, shown: str, kind: str, max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """The pixels of an image of format `kind` ("JPEG", "PNG", "WEBP"), turned upright from its EXIF orientation,
    without any metadata (EXIF, GPS, comments, ICC profile are not carried over); of an animation, the first frame.

    The size is read from the header and refused past `max_pixels` before anything is decoded (a "decompression
    bomb"); Pillow's own limits on text chunks apply too. An unreadable image, or one whose content is not `kind`,
    raises UploadRefused."""
    unreadable = UploadRefused(
        f"L'image « {shown} » est illisible ou endommagée. Prenez une nouvelle photo ou scannez le document."
    )
    too_big = UploadRefused(
        f"L'image « {shown} » est trop grande (plus de {max_pixels // 1_000_000} millions de pixels). Réduisez sa "
        "définition avant de l'envoyer."
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, past its own limits: both mean "too big" here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise unreadable from None
    try:
        with opened as image:
            if image.format != kind:
                raise unreadable
            width, height = image.size
            if width * height > max_pixels:
                raise UploadRefused(
                    f"L'image « {shown} » est trop grande ({width} × {height} pixels). Réduisez sa définition "
                    "avant de l'envoyer."
                )
            image.seek(0)
            image.load()
            # A copy of the pixels alone: nothing of the file's metadata travels with it.
            upright = ImageOps.exif_transpose(image).copy()
            upright.info = {}
            return upright
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise unreadable from None


# --- Images that are also something else (polyglots) ----------------------------------------------------------
# An image whose file goes on after its end (an archive, a web page or a PDF appended), or whose metadata (JPEG
# segments before the image data, PNG chunks other than the image data, WebP chunks other than the frames)
# carries HTML, a script, a PDF or an archive, is refused: a browser or an unpacker could read it as that other
# thing. The compressed image data itself is not searched (random bytes would match by chance).

_IMAGE_POLYGLOT_MARKERS = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b|javascript:|PK\x03\x04|%PDF-",
    re.IGNORECASE,
)


def refuse_image_polyglot(data: bytes, *, shown: str, kind: str) -> None:
    refusal = UploadRefused(
        f"Le fichier « {shown} » n'est pas une image ordinaire : il contient aussi une page web, un PDF ou une "
        "archive. Enregistrez à nouveau la photo (par exemple avec une capture ou un export en JPEG) avant de "
        "l'envoyer."
    )
    try:
        metadata, end = _IMAGE_LAYOUT[kind](data)
    except (IndexError, ValueError):
        raise UploadRefused(
            f"L'image « {shown} » est illisible ou endommagée. Prenez une nouvelle photo ou enregistrez-la à nouveau."
        ) from None
    if data[end:].strip(b"\r\n\t \x00"):
        raise refusal
    if any(_IMAGE_POLYGLOT_MARKERS.search(part) for part in metadata):
        raise refusal


def _jpeg_layout(data: bytes) -> tuple[list[bytes], int]:
    """The segments before the image data (APPn, COM...), and the end of the file (after the last EOI marker)."""
    segments, position = [], 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ValueError("not a JPEG segment")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segments.append(data[position + 4 : position + 2 + length])
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data follows, until the end of image
            break
    end = data.rfind(b"\xff\xd9")
    if end < position:
        raise ValueError("no end of image")
    return segments, end + 2


def _png_layout(data: bytes) -> tuple[list[bytes], int]:
    chunks, position = [], 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if kind != b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
        if kind == b"IEND":
            return chunks, position
    raise ValueError("no IEND chunk")


def _webp_layout(data: bytes) -> tuple[list[bytes], int]:
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data) or data[8:12] != b"WEBP":
        raise ValueError("truncated RIFF")
    chunks, position = [], 12
    while position + 8 <= end:
        kind = data[position : position + 4]
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            chunks.append(data[position + 8 : position + 8 + length])
        position += 8 + length + (length & 1)
    return chunks, end


_IMAGE_LAYOUT = {"JPEG": _jpeg_layout, "PNG": _png_layout, "WEBP": _webp_layout}
