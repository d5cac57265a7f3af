"""The text a PDF draws, read the way a viewer's search and copy read it: each page's content
stream is tokenised, every string shown by Tj/TJ is decoded through the ToUnicode map of the
font selected by Tf. Enough for the PDFs fpdf2 writes (Type0 fonts, Identity-H, two-byte codes,
Flate-compressed streams); not a general PDF parser."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_REF = re.compile(rb"/(\w+)\s+(\d+) 0 R")
_HEX_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_HEX_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass(frozen=True)
class PdfText:
    pages: list[str]

    @property
    def text(self) -> str:
        """Every page's text, one after the other."""
        return "\n".join(self.pages)


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in _OBJECT.findall(data)}


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    assert found, "object has no stream"
    raw = found.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body[: found.start()] else raw


def _unicode_map(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _HEX_PAIR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in _HEX_RANGE.findall(block):
            start = int(first, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _literal(data: bytes, i: int) -> tuple[bytes, int]:
    """The literal string starting at ``data[i] == '('`` and the index after it."""
    out, depth, i = bytearray(), 1, i + 1
    while True:
        char = data[i : i + 1]
        if char == b"\\":
            nxt = data[i + 1 : i + 2]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", data[i + 1 : i + 4])
                assert digits
                out.append(int(digits.group(), 8))
                i += 1 + len(digits.group())
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += char
        i += 1


def _shown_strings(content: bytes) -> list[tuple[str, bytes]]:
    """(font resource name, string) for every string the content shows."""
    shown: list[tuple[str, bytes]] = []
    operands: list[bytes] = []
    font, i = "", 0
    while i < len(content):
        char = content[i : i + 1]
        if char == b"(":
            string, i = _literal(content, i)
            operands.append(string)
            continue
        word = re.match(rb"/?[A-Za-z0-9_.*'\"+-]+", content[i:])
        if word is None:
            i += 1
            continue
        token = word.group()
        i += len(token)
        if token.startswith(b"/"):
            operands.append(token)
        elif token == b"Tf":
            font = next(op for op in reversed(operands) if op.startswith(b"/")).decode()[1:]
            operands = []
        elif token in (b"Tj", b"TJ", b"'", b'"'):
            shown.extend((font, op) for op in operands if not op.startswith(b"/"))
            operands = []
        elif not re.fullmatch(rb"[-+.0-9]+", token):
            operands = []
    return shown


def pdf_text(data: bytes) -> PdfText:
    """The text of each page of ``data``, in drawing order, one drawn string per line."""
    objects = _objects(data)
    pages = []
    for body in objects.values():
        if not re.search(rb"/Type /Page\b(?!s)", body):
            continue
        refs = dict(_REF.findall(body))
        resources = objects[int(refs[b"Resources"])]
        fonts_block = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        assert fonts_block, "the page has no fonts"
        maps = {}
        for name, number in _REF.findall(fonts_block.group(1)):
            font = objects[int(number)]
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
            assert to_unicode, f"font {name!r} has no ToUnicode map"
            maps[name.decode()] = _unicode_map(_stream(objects[int(to_unicode.group(1))]))
        content = _stream(objects[int(refs[b"Contents"])])
        lines = []
        for font_name, string in _shown_strings(content):
            codes = [int.from_bytes(string[k : k + 2], "big") for k in range(0, len(string), 2)]
            lines.append("".join(maps[font_name].get(code, "\ufffd") for code in codes))
        pages.append("\n".join(lines))
    return PdfText(pages)
