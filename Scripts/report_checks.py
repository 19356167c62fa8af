#!/usr/bin/env python3
"""Checks for the HTML report, standard library only.

  report_checks.py png FILE.png [--min-colors N] [--color RRGGBB --min-pixels N]
      decodes the PNG (zlib + scanline filters) and fails if it is blank: fewer than N
      distinct colours, or (with --color) fewer than N pixels of that exact colour.
  report_checks.py html FILE.html
      fails unless every non-void element is closed in order and nothing loads from outside.
  report_checks.py inject FILE.html OUT.html WIDTH
      writes a test copy of the report, WIDTH px wide, with a small script that opens the author's details and
      measures the layout, writing the result into the page (reports have no scripts themselves).
  report_checks.py layout DUMPED.html WIDTH
      reads the DOM Chromium dumped (`--dump-dom`) from the test copy and fails if the page or
      any element is wider than the viewport.
"""
import html
import struct
import sys
import zlib
from html.parser import HTMLParser


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace != 0:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {color_type}, interlace {interlace})")
    bpp = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def check_png(args):
    path = args[0]
    min_colors = int(args[args.index("--min-colors") + 1]) if "--min-colors" in args else 16
    width, height, bpp, rows = png_pixels(path)
    counts = {}
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    print(f"{path}: {width}x{height}, {len(counts)} distinct colours")
    if len(counts) < min_colors:
        raise SystemExit(f"FAIL: {path} looks blank: {len(counts)} colours, expected at least {min_colors}")
    if "--color" in args:
        want = bytes.fromhex(args[args.index("--color") + 1])
        need = int(args[args.index("--min-pixels") + 1])
        have = counts.get(want, 0)
        print(f"{path}: {have} pixels of #{want.hex()}")
        if have < need:
            raise SystemExit(f"FAIL: {path}: {have} pixels of #{want.hex()}, expected at least {need} (styles not applied?)")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            # Nothing is loaded from elsewhere; a link the reader may follow (an `<a>` citing the
            # policy's bulletin at its https address) is not a loaded asset.
            citation = tag == "a" and name == "href" and value and value.startswith("https://")
            if name in ("src", "href") and value and not value.startswith("#") and not citation:
                self.errors.append(f"line {self.getpos()[0]}: external reference {name}={value!r}")
        if tag in ("script", "link", "img", "iframe"):
            self.errors.append(f"line {self.getpos()[0]}: <{tag}> in a self-contained report")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> does not close {self.stack[-1] if self.stack else 'anything'}")
            return
        self.stack.pop()


def check_html(args):
    parser = Balance()
    parser.feed(open(args[0], encoding="utf-8").read())
    parser.close()
    errors = parser.errors + [f"<{t}> opened on line {l} is never closed" for t, l in parser.stack]
    if errors:
        raise SystemExit(f"FAIL: {args[0]}:\n  " + "\n  ".join(errors[:10]))
    print(f"{args[0]}: well-formed, self-contained")


MEASURE = """<script>
document.querySelectorAll("details").forEach(function (d) { d.open = true; });
var w = window.innerWidth, bad = [];
if (document.documentElement.scrollWidth > w) bad.push("page scrollWidth " + document.documentElement.scrollWidth);
document.querySelectorAll("body *").forEach(function (e) {
  var r = e.getBoundingClientRect();
  if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5))
    bad.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " right " + Math.round(r.right));
});
var you = Array.prototype.filter.call(document.querySelectorAll(".cost th"), function (t) { return t.textContent === "You pay"; });
if (document.querySelector(".cost") && !(you.length && you[0].getBoundingClientRect().width > 0 && you[0].getBoundingClientRect().right <= w))
  bad.push("the cost table's You pay column is not visible");
var out = document.createElement("pre");
out.id = "layout-result";
out.textContent = "viewport " + w + ": " + (bad.length ? "OVERFLOW " + bad.slice(0, 10).join("; ") : "FITS");
(window.parent !== window ? window.parent.document.body : document.body).appendChild(out);
</script>
"""


def inject(args):
    # Headless Chromium will not make a window narrower than 500 px, so the report is shown in
    # an iframe WIDTH px wide (its own viewport: the page's media queries apply to it); the
    # measuring script in the frame writes its result into the outer page, which --dump-dom prints.
    page = open(args[0], encoding="utf-8").read().replace("</body>", MEASURE + "</body>")
    width = int(args[2])
    frame = html.escape(page, quote=True)
    open(args[1], "w", encoding="utf-8").write(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:0}</style></head><body>"
        f"<iframe style=\"border:0;display:block\" width=\"{width}\" height=\"1400\" srcdoc=\"{frame}\"></iframe></body></html>\n")


def check_layout(args):
    dom, width = open(args[0], encoding="utf-8").read(), args[1]
    start = dom.find('id="layout-result">')
    if start < 0:
        raise SystemExit(f"FAIL: {args[0]}: no layout result (did the script run?)")
    result = dom[start + len('id="layout-result">'):dom.find("</pre>", start)]
    print(f"{args[0]}: {result}")
    if not result.startswith(f"viewport {width}: FITS"):
        raise SystemExit(f"FAIL: {args[0]} does not fit {width} px: {result}")


if __name__ == "__main__":
    commands = {"png": check_png, "html": check_html, "inject": inject, "layout": check_layout}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])
