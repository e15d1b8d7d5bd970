#!/usr/bin/env python3
"""The HTML report as a chemist sees it: rendered by a real browser.

dzp-plan writes a route page (--format html); headless Chromium takes a
screenshot of it, and the screenshot must show the drawings: pixels in the
highlight colour of the changed atoms (which only the structure pictures
use) and in the colour of the N1/N4 tags.  The same page with its <svg>
elements taken out must show none, so the pixels come from the pictures,
and both must show their text (dark pixels).

Usage: test_html_render.py PATH/TO/dzp-plan
Exit 77 (skipped) when no Chromium is installed, unless CI is set: CI
installs Debian's chromium and must run this test.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HIGHLIGHT = (199, 0, 121)   # #c8007a, the changed atoms
TAG = (48, 80, 160)         # #3050a0, the N1/N4 tags


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(chrome, html_path, png_path):
    subprocess.run(
        [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-dev-shm-usage", "--window-size=1000,1800",
         "--screenshot=" + png_path, "file://" + html_path],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def png_pixels(path):
    """RGB(A) 8-bit non-interlaced PNG -> (width, height, channels, rows)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        base = y * (stride + 1)
        kind, line = raw[base], bytearray(raw[base + 1:base + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, channels, rows


def count_colours(path):
    """Pixels near the highlight colour, near the tag colour, and dark ones."""
    width, height, channels, rows = png_pixels(path)
    near = lambda px, ref: all(abs(px[k] - ref[k]) <= 40 for k in range(3))
    lit = tags = dark = 0
    for line in rows:
        for x in range(0, width * channels, channels):
            px = line[x:x + 3]
            lit += near(px, HIGHLIGHT)
            tags += near(px, TAG)
            dark += max(px) < 80
    return lit, tags, dark


def main():
    binary = sys.argv[1]
    chrome = browser()
    if not chrome:
        if os.environ.get("CI"):
            print("FAIL: no chromium in CI (.ci/setup installs Debian's chromium)")
            return 1
        print("chromium not installed: skipped")
        return 77
    work = tempfile.mkdtemp()
    try:
        page = subprocess.run(
            [binary, "--from", "C1CNCCNC1", "--to", "CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(C#N)cc1",
             "--format", "html"], check=True, capture_output=True, text=True).stdout
        with_svg = os.path.join(work, "route.html")
        without_svg = os.path.join(work, "route-text-only.html")
        open(with_svg, "w", encoding="utf-8").write(page)
        text_only = re.sub(r"<figure.*?</figure>", "", page, flags=re.S)
        open(without_svg, "w", encoding="utf-8").write(text_only)
        results = {}
        for name, path in (("page", with_svg), ("text only", without_svg)):
            png = path + ".png"
            screenshot(chrome, path, png)
            results[name] = count_colours(png)
        lit, tags, dark = results["page"]
        lit0, tags0, dark0 = results["text only"]
        failures = []
        if lit < 200:
            failures.append("the changed atoms are not drawn (%d highlight pixels)" % lit)
        if tags < 50:
            failures.append("the N1/N4 tags are not drawn (%d tag pixels)" % tags)
        if lit0 or tags0:
            failures.append("the text-only page shows picture colours (%d, %d)" % (lit0, tags0))
        if dark < 1000 or dark0 < 1000:
            failures.append("the text is missing (dark pixels %d with, %d without pictures)"
                            % (dark, dark0))
        for f in failures:
            print("FAIL: " + f)
        print("rendered: %d highlight, %d tag, %d dark pixels (text only: %d, %d, %d)"
              % (lit, tags, dark, lit0, tags0, dark0))
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
