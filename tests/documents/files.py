"""Sample files for the upload tests, built in memory (no fixture files on disk)."""

import io
import zlib

from PIL import Image

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _pdf(objects: list[bytes]) -> bytes:
    """A well-formed PDF (header, numbered objects, cross-reference table, trailer) from object bodies."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_with_stream(stream: bytes, *, flate: bool = False, pages: int = 1) -> bytes:
    filters = b" /Filter /FlateDecode" if flate else b""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Length " + str(len(stream)).encode() + filters + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
    ] * pages
    return _pdf(objects)


def text_pdf(text: str = "Avis d'impot", pages: int = 1) -> bytes:
    return pdf_with_stream(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode(), pages=pages)


def zip_bomb_pdf(megabytes: int = 200) -> bytes:
    """A valid small PDF whose content stream is the FlateDecode of `megabytes` MB of zeros."""
    inflater = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    compressed = b"".join(inflater.compress(chunk) for _ in range(megabytes)) + inflater.flush()
    return pdf_with_stream(compressed, flate=True)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (320, 200), (40, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "TelephoneSecret"  # Make
    exif[0x0131] = "LogicielGPS"  # Software
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (250, 250, 250)).save(out, "PNG")
    return out.getvalue()
