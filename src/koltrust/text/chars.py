"""The character step of normalisation: every original character, or base character with its
combining marks, becomes zero or more characters of a lower-case, diacritic-free view.

Per character: NFC (within a cluster), removal of invisible and control characters, NFKC
(styled and full-width letters), look-alike letters to Latin, casefold, and the Vietnamese
folding of ``koltrust.text.fold.fold`` (đ -> d). Whitespace of any kind becomes one space.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from koltrust.text.confusables import HOMOGLYPHS, INVISIBLE, SPACE_LIKE
from koltrust.text.fold import fold
from koltrust.text.offsets import EditLog, StepMap

_COMBINING = "\u0300-\u036f"
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_CACHE_LIMIT = 200_000


def _is_plain(code_point: int) -> bool:
    """True when NFKD alone folds the character to one ASCII character plus combining marks."""
    decomposed = unicodedata.normalize("NFKD", chr(code_point))
    return (
        " " <= decomposed[0] <= "~"
        and chr(code_point) not in INVISIBLE
        and all("\u0300" <= mark <= "\u036f" for mark in decomposed[1:])
    )


def _plain_class() -> str:
    """A regex class body of the plain characters: printable ASCII, tab, newlines, đ and
    the Latin letters with diacritics used by Vietnamese and its neighbours."""
    candidates = [*range(0x80, 0x250), *range(0x1E00, 0x1F00)]
    code_points = sorted(
        {9, 10, 13, *range(0x20, 0x7F), 0x110, 0x111, *filter(_is_plain, candidates)}
    )
    ranges: list[list[int]] = []
    for code_point in code_points:
        if ranges and ranges[-1][1] == code_point - 1:
            ranges[-1][1] = code_point
        else:
            ranges.append([code_point, code_point])
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


# Characters that the fast path (NFKD, then drop everything that is not ASCII) cannot fold;
# it handles combining marks U+0300-U+036F too. The single-character pattern is for search,
# which is several times faster without the repeat.
_OTHER = re.compile(f"[^{_plain_class()}{_COMBINING}]")
_OTHER_RUN = re.compile(f"{_OTHER.pattern}+")
_OTHER_SPLIT = re.compile(f"({_OTHER.pattern})")
_MARK_RUN = re.compile(f"[{_COMBINING}]+")


def _is_continuation(char: str) -> bool:
    """True for characters that NFC may merge into the preceding character."""
    return (
        unicodedata.category(char)[0] == "M"
        or "\u1161" <= char <= "\u1175"
        or "\u11a8" <= char <= "\u11c2"
    )


def _strip_marks(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char)[0] != "M")


def map_char(char: str) -> str:
    """The view of one character on its own: "" for invisible ones, " " for whitespace."""
    if char.isspace() or char in SPACE_LIKE:
        return " "
    if char in INVISIBLE or unicodedata.category(char) in _DROPPED_CATEGORIES:
        return ""
    bare = _strip_marks(unicodedata.normalize("NFKD", char))
    folded = _strip_marks(fold(bare.translate(HOMOGLYPHS)))
    return "".join(" " if part.isspace() else part for part in folded)


class _CharTable(dict[int, str]):
    """``map_char`` by code point, filled on first use, usable with ``str.translate``."""

    def __missing__(self, code_point: int) -> str:
        char = chr(code_point)
        mapped = map_char(char)
        if len(self) < _CACHE_LIMIT:
            self[code_point] = mapped
            if len(mapped) == 1 and not _is_continuation(char):
                _ONE_TO_ONE.add(char)
        return mapped


_TABLE = _CharTable()
_VARIATION_SELECTORS = frozenset("\ufe0e\ufe0f")
_ONE_TO_ONE: set[str] = set()
_CLUSTERS: dict[str, str] = {}


def _map_cluster(cluster: str) -> str:
    """The view of a base character with the marks that follow it."""
    mapped = _CLUSTERS.get(cluster)
    if mapped is None:
        mapped = "".join(_TABLE[ord(char)] for char in unicodedata.normalize("NFC", cluster))
        if len(_CLUSTERS) < _CACHE_LIMIT:
            _CLUSTERS[cluster] = mapped
    return mapped


# ASCII lower case, and tabs and line breaks as spaces, in one bytes.translate
_FOLD_BYTES = bytes(range(256)).translate(
    bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\n\t\r", b"abcdefghijklmnopqrstuvwxyz   ")
)
_VIETNAMESE_FRENCH = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵäçëîïöûüÿ"


def _fold_decomposed(text: str) -> str:
    if "đ" in text or "Đ" in text:
        text = text.replace("đ", "d").replace("Đ", "D")
    data = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    return data.translate(_FOLD_BYTES).decode("ascii")


def _accent_tables() -> tuple[str, bytes]:
    """The decoding table of a one-byte encoding of NUL, tab, line breaks and printable ASCII
    (as themselves) and of the Vietnamese and French letters with diacritics (in the other
    bytes), and the ``bytes.translate`` table from those bytes to the folded characters."""
    free = [byte for byte in range(1, 256) if not (byte in b"\t\n\r" or 0x20 <= byte < 0x7F)]
    letters = sorted(set(_VIETNAMESE_FRENCH + _VIETNAMESE_FRENCH.upper()))
    if len(letters) > len(free):
        raise ValueError("more letters than free bytes")
    decoding = [chr(byte) for byte in range(256)]
    folded = bytearray(_FOLD_BYTES)
    for byte in free:
        decoding[byte] = "\ufffe"  # not encodable: such characters take the NFKD path
    for byte, letter in zip(free, letters, strict=False):
        decoding[byte] = letter
        folded[byte] = ord(_fold_decomposed(letter))
    return "".join(decoding), bytes(folded)


# Text in these letters is folded by a table look-up per character, several times faster
# than NFKD; any other character (a combining mark, a rarer letter) fails the encoding.
_ACCENT_DECODING, _FOLD_ACCENTED = _accent_tables()
_ACCENT_ENCODING = codecs.charmap_build(_ACCENT_DECODING)


def fold_plain(text: str) -> str:
    """Fold text made of plain characters and marks U+0300-U+036F; marks vanish."""
    if text.isascii():
        return text.encode("ascii").translate(_FOLD_BYTES).decode("ascii")
    try:
        data = codecs.charmap_encode(text, "strict", _ACCENT_ENCODING)[0]
    except UnicodeEncodeError:
        return _fold_decomposed(text)
    return data.translate(_FOLD_ACCENTED).decode("ascii")


def _log_marks(text: str, start: int, end: int, log: EditLog) -> None:
    """Record each run of marks in ``text[start:end]`` as merged into the character before."""
    for match in _MARK_RUN.finditer(text, start, end):
        if match.start() > start:
            log.replace(match.start() - 1, match.end(), 1)
        else:
            log.replace(match.start(), match.end(), 0)


def _append_plain(text: str, start: int, end: int, pieces: list[str], log: EditLog) -> None:
    folded = fold_plain(text[start:end])
    pieces.append(folded)
    if len(folded) != end - start:
        _log_marks(text, start, end, log)


def _append_clusters(text: str, start: int, end: int, pieces: list[str], log: EditLog) -> None:
    run = text[start:end]
    if _ONE_TO_ONE.issuperset(run):
        pieces.append(run.translate(_TABLE))
        return
    index = start
    while index < end:
        after = index + 1
        while after < end and _is_continuation(text[after]):
            after += 1
        single = after == index + 1
        mapped = _TABLE[ord(text[index])] if single else _map_cluster(text[index:after])
        if not single or len(mapped) != 1:
            log.replace(index, after, len(mapped))
        pieces.append(mapped)
        index = after


def _cluster_bounds(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """Widen a run so that it starts at a base character and ends after its marks."""
    while end < len(text) and "\u0300" <= text[end] <= "\u036f":
        end += 1
    if not _is_continuation(text[start]):
        return start, end
    while start > floor and "\u0300" <= text[start - 1] <= "\u036f":
        start -= 1
    return (start - 1 if start > floor else start), end


def _run_end(text: str, start: int) -> int:
    run = _OTHER_RUN.match(text, start)
    return start + 1 if run is None else run.end()


def _map_mixed(text: str) -> tuple[str, StepMap | None]:
    log = EditLog()
    pieces: list[str] = []
    done = 0
    found = _OTHER.search(text)
    while found is not None:
        start, end = _cluster_bounds(text, found.start(), _run_end(text, found.start()), done)
        if start > done:
            _append_plain(text, done, start, pieces, log)
        _append_clusters(text, start, end, pieces, log)
        done = end
        found = _OTHER.search(text, end)
    if done < len(text):
        _append_plain(text, done, len(text), pieces, log)
    view = "".join(pieces)
    return view, log.build(len(text), len(view))


def _is_self_mapped(char: str) -> bool:
    """True for an emoji or symbol whose view is itself, one to one."""
    if _TABLE[ord(char)] == char and char in _ONE_TO_ONE:  # the look-up fills _ONE_TO_ONE
        _SELF_MAPPED.add(char)  # bounded as _ONE_TO_ONE is
        return True
    return False


# the characters _is_self_mapped has found true, checked for a whole post in one call
_SELF_MAPPED: set[str] = set()


def _map_self_mapped(text: str, parts: list[str]) -> tuple[str, StepMap | None] | None:
    """The character step of text whose other characters are emoji and symbols that map to
    themselves, each perhaps followed by a variation selector (merged into it, as by
    ``_map_mixed``), and which has no combining marks; None for any other text. ``parts``
    is ``_OTHER_SPLIT.split(text)``: plain runs at even places, other characters at odd.

    Posts are full of emoji: folding the plain runs in one call, then putting the emoji back
    between them, costs a third of going run by run."""
    others = parts[1::2]
    distinct = set(others)
    selectors = not _VARIATION_SELECTORS.isdisjoint(distinct)
    if not _SELF_MAPPED.issuperset(distinct):
        for char in distinct:
            if char not in _VARIATION_SELECTORS and not _is_self_mapped(char):
                return None
    plain = "\0".join(parts[0::2])
    folded = fold_plain(plain)
    if len(folded) != len(plain):  # combining marks: clusters to merge
        return None
    log = EditLog()
    if selectors and not _log_selectors(text, log):
        return None
    pieces = list(parts)
    pieces[0::2] = folded.split("\0")
    if not selectors:  # every character kept its place
        return "".join(pieces), None
    pieces[1::2] = ["" if char in _VARIATION_SELECTORS else char for char in others]
    view = "".join(pieces)
    return view, log.build(len(text), len(view))


def _log_selectors(text: str, log: EditLog) -> bool:
    """Record each variation selector as merged into the character before it; False when one
    follows no character of its own (at the start, or after another selector)."""
    for index in _selector_positions(text):
        if index == 0 or _is_continuation(text[index - 1]):
            return False
        log.replace(index - 1, index + 1, 1)
    return True


def _selector_positions(text: str) -> list[int]:
    positions = []
    for selector in _VARIATION_SELECTORS:
        index = text.find(selector)
        while index >= 0:
            positions.append(index)
            index = text.find(selector, index + 1)
    return sorted(positions)


def is_plain(text: str) -> bool:
    """True when ``fold_plain`` alone folds ``text``, the fast path of ``map_characters``."""
    return _OTHER.search(text) is None


def map_characters(text: str) -> tuple[str, StepMap | None]:
    """The character step of ``text`` and its map (None when it kept every length)."""
    parts = _OTHER_SPLIT.split(text)
    if len(parts) > 1:
        return _map_self_mapped(text, parts) or _map_mixed(text)
    view = fold_plain(text)
    log = EditLog()
    if len(view) != len(text):
        _log_marks(text, 0, len(text), log)
    return view, log.build(len(text), len(view))
