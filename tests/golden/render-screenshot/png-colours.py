#!/usr/bin/env python3
"""png-colours.py FILE.png: say whether a screenshot shows a picture.

Decodes an 8-bit RGB or RGBA PNG with the standard library only (zlib and
the five PNG row filters), counts its distinct colours and the share of
pixels that differ from the most common one (the background), and prints
one fixed line when the picture is not blank: at least 16 colours and at
least 2% of the pixels off the background.  Otherwise it prints the
numbers and exits 1.
"""
import struct
import sys
import zlib
from collections import Counter


def decode(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    pos, idat = 8, []
    width = height = bpp = None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit(f"{path}: only 8-bit RGB(A), non-interlaced PNG is read")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = decode(sys.argv[1])
    counts = Counter()
    for line in rows:
        counts.update(line[i:i + 3] for i in range(0, len(line), bpp))
    total = width * height
    background = counts.most_common(1)[0][1]
    off = 1 - background / total
    if len(counts) >= 16 and off >= 0.02:
        print("screenshot: the browser shows the drawing (not blank)")
        return 0
    print(f"screenshot looks blank: {len(counts)} colours, {off:.1%} off the background")
    return 1


if __name__ == "__main__":
    sys.exit(main())
