"""Is it really a PNG? Checks a PNG file completely, with the standard library only.

A picture is accepted only when the signature is right, every chunk's CRC matches, IHDR comes
first and IEND last, and the compressed pixel data inflates to exactly the size the header
promises. Returns the width and height.
"""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # color type → samples per pixel
# Adam7 interlacing: (x start, y start, x step, y step) of the seven passes.
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2))


class PngError(ValueError):
    """Not a valid PNG; the message says what is wrong."""


def size(data: bytes) -> tuple[int, int]:
    """(width, height) of a valid PNG; raises PngError otherwise."""
    if not data.startswith(SIGNATURE):
        raise PngError("no PNG signature")
    pos, chunks, idat = len(SIGNATURE), [], []
    header = None
    while pos < len(data):
        if pos + 8 > len(data):
            raise PngError("truncated chunk header")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise PngError(f"truncated {kind!r} chunk")
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise PngError(f"bad CRC in the {kind.decode('latin-1')} chunk")
        chunks.append(kind)
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    if not chunks or chunks[0] != b"IHDR" or header is None or len(header) != 13:
        raise PngError("the first chunk is not a valid IHDR")
    if chunks[-1] != b"IEND":
        raise PngError("no IEND chunk at the end")
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if width == 0 or height == 0:
        raise PngError(f"empty image ({width}×{height})")
    if color not in CHANNELS:
        raise PngError(f"unknown color type {color}")
    if not idat:
        raise PngError("no pixel data (IDAT)")
    try:
        pixels = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise PngError(f"the pixel data does not inflate: {e}") from None
    bits = CHANNELS[color] * depth
    expected = _data_size(width, height, bits, interlace)
    if len(pixels) != expected:
        raise PngError(f"the pixel data has {len(pixels)} bytes, {width}×{height} needs {expected}")
    return width, height


def _data_size(width: int, height: int, bits: int, interlace: int) -> int:
    """Bytes of filtered scanlines: one filter byte plus the packed pixels, per line."""
    def lines(w: int, h: int) -> int:
        return 0 if w == 0 or h == 0 else h * (1 + (w * bits + 7) // 8)

    if interlace == 0:
        return lines(width, height)
    return sum(lines((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
               for x0, y0, dx, dy in ADAM7)
