"""The PNG check accepts real PNGs of any layout and rejects every kind of damage."""

import struct
import unittest
import zlib

from labtools import png


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def make_png(width, height, color=2, depth=8, interlace=0, pixel_bytes=None) -> bytes:
    """A PNG with all-zero pixels; pixel_bytes overrides the inflated data size."""
    channels = png.CHANNELS[color]
    size = pixel_bytes if pixel_bytes is not None else png._data_size(
        width, height, channels * depth, interlace)
    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace)
    return (png.SIGNATURE + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(size))) + chunk(b"IEND", b""))


class PngTest(unittest.TestCase):

    def test_a_valid_png_gives_its_size(self):
        self.assertEqual((640, 360), png.size(make_png(640, 360)))
        self.assertEqual((3, 1), png.size(make_png(3, 1, color=6)))
        self.assertEqual((9, 7), png.size(make_png(9, 7, color=0, depth=1)))

    def test_interlaced_images_are_measured_pass_by_pass(self):
        self.assertEqual((13, 5), png.size(make_png(13, 5, interlace=1)))
        self.assertEqual((1, 1), png.size(make_png(1, 1, interlace=1)))

    def test_damage_is_named(self):
        good = make_png(4, 4)
        cases = {
            b"GIF89a" + good[6:]: "no PNG signature",
            good[:-5]: "truncated",
            good[:40] + bytes([good[40] ^ 1]) + good[41:]: "bad CRC",
            png.SIGNATURE + chunk(b"IEND", b""): "not a valid IHDR",
            good[:-12]: "no IEND",
            make_png(4, 4, pixel_bytes=10): "the pixel data has 10 bytes, 4×4 needs 52",
        }
        for data, message in cases.items():
            with self.subTest(message):
                with self.assertRaises(png.PngError) as caught:
                    png.size(data)
                self.assertIn(message, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
