"""Sample pictures for the photo tests, drawn in memory (no file on disk)."""

import io
import struct
import zlib

from PIL import Image

GPS_LATITUDE = (48.0, 51.0, 24.12)


def picture(fmt: str = "JPEG", size=(1200, 800), *, with_gps: bool = True, orientation: int | None = None) -> bytes:
    """A photo with a camera's EXIF (make, GPS position, optionally an orientation)."""
    image = Image.new("RGB", size, (40, 120, 200))
    for x in range(0, size[0], 40):  # something to compress
        image.paste((200, 80 + x % 120, 60), (x, 0, x + 20, size[1] // 2))
    exif = Image.Exif()
    exif[0x010F] = "TelephoneSecret"
    if orientation:
        exif[0x0112] = orientation
    if with_gps:
        exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (2.0, 21.0, 7.9)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def jpeg_with_comment(comment: bytes) -> bytes:
    """A JPEG with a COM segment (a comment) right after its start."""
    data = picture("JPEG", (200, 100), with_gps=False)
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


def png_with_text_chunk(text: bytes) -> bytes:
    data = picture("PNG", (200, 100), with_gps=False)
    body = b"tEXt" + b"Comment\x00" + text
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return data[:33] + chunk + data[33:]  # after the 8-byte signature and the 25-byte IHDR chunk


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG file announcing a huge image (a decompression bomb): a header and a small compressed body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
