"""Offset-preserving normalisation: views of a post to match rule phrases against, each with a
map from every view character back to the exact characters of the original.

``view`` is built in this order (each step skipped when a cheap check shows it cannot apply):

1. characters (``koltrust.text.chars``): NFC; zero-width, format, control characters,
   variation selectors and other marks removed; every kind of whitespace (newline, tab, NBSP)
   becomes a space; NFKC (styled and full-width letters); Cyrillic/Greek look-alikes to Latin;
   casefold; Vietnamese folding as ``koltrust.text.fold.fold`` (đ -> d, "chữa" -> "chua");
2. spaced letters: a run of at least three single letters separated by one and the same
   separator character is joined ("c.h.u.a" -> "chua", "q u a n g c a o" -> "quangcao");
3. leetspeak: 0 1 3 4 5 7 @ $ -> o i e a s t a s, only for a run of them right after a Latin
   letter, in a token that does not start with a digit ("ch3@p" -> "cheap"; "50%", "2025",
   "24h", "500mg", "@shop" keep their digits and @);
4. runs of spaces -> one space;
5. three or more of the same character -> one ("khoiiii" -> "khoi", "!!!" -> "!"); digits
   are never collapsed ("1000" stays).

``compact`` is ``view`` without spaces, for phrases whose letters were spaced out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from typing import Literal, get_args

from koltrust.text.chars import map_characters
from koltrust.text.confusables import LEET_CHARACTERS, leet_table
from koltrust.text.offsets import EditLog, StepMap, deletions, full_map, map_span

ViewName = Literal["original", "view", "compact"]
VIEW_NAMES: tuple[str, ...] = get_args(ViewName)

_LEET_TABLES = {"i": leet_table("i"), "l": leet_table("l")}

_LATIN = b"abcdefghijklmnopqrstuvwxyz"
_LEET = LEET_CHARACTERS.encode()


def _byte_classes(letter: bytes, leet: bytes) -> bytes:
    """A ``bytes.translate`` table: Latin letters to ``letter``, leet characters to ``leet``,
    everything else to "."."""
    classes = dict.fromkeys(_LATIN, letter[0])
    classes.update(dict.fromkeys(_LEET, leet[0]))
    return bytes(classes.get(byte, ord(".")) for byte in range(256))


# Cheap checks on the view encoded one byte per character (non-ASCII as "?"): a run of three
# spaced single letters always shows separator, letter, separator, letter, non-letter
# (".a.a."); a leet run that may be read follows a Latin letter ("al").
_SPACED_CLASSES = _byte_classes(b"a", b"a")
_LEET_CLASSES = _byte_classes(b"a", b"l")
_MEMBER = "[a-z013457@$]"
_SPACED_LETTERS = re.compile(
    rf"(?<![^\W_])(?<![@$]){_MEMBER}((?![@$])[\W_]){_MEMBER}(?:\1{_MEMBER})+(?![^\W_])(?![@$])"
)
_LETTER = re.compile("[a-z]")
_MEMBERS = frozenset("abcdefghijklmnopqrstuvwxyz" + LEET_CHARACTERS)
_LEET_RUN = re.compile(f"[{re.escape(LEET_CHARACTERS)}]+")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")
_SPACES = re.compile("  +")
_EQUAL_RUN = re.compile(b"\x00\x00+")
# the shape of two spaced members (see _spaced_runs); a regex finds it in a shape, which
# has only two kinds of bytes, faster than bytes.find
_TWO_SPACED = re.compile(rb"\.a\.a\.")
_REPLACED = ord("?")


def _ascii(text: str) -> bytes:
    """``text`` one byte per character, non-ASCII as "?": what the cheap checks read."""
    return text.encode("ascii", "replace")


def _may_have_leet(data: bytes) -> bool:
    return b"al" in data.translate(_LEET_CLASSES)


def _spaced_runs(text: str, data: bytes | None = None) -> Iterator[re.Match[str]]:
    """The runs of spaced single letters in ``text`` (``data``: its ``_ascii``)."""
    # The regex alone would be tried at every character; the ".a.a." shape finds the few
    # places worth trying: the first "a" of a hit is a member of a run, but not its last.
    shape = _spaced_shape(_ascii(text) if data is None else data)
    hit = _TWO_SPACED.search(shape)
    while hit is not None:
        match = _spaced_run_through(text, hit.start())
        resume = hit.start() + 1 if match is None else match.end() + 1
        if match is not None:
            yield match
        hit = _TWO_SPACED.search(shape, resume)


def _spaced_shape(data: bytes) -> bytes:
    """``data`` with members of a spaced run as "a", anything else as ".", between dots."""
    return b"." + data.translate(_SPACED_CLASSES) + b"."


def _spaced_run_through(text: str, member: int) -> re.Match[str] | None:
    """The run of spaced letters that holds the members at ``member`` and ``member + 2``."""
    separator = text[member + 1]
    first = member
    while first >= 2 and text[first - 1] == separator and text[first - 2] in _MEMBERS:
        first -= 2
    for start in range(first, member + 1, 2):
        match = _SPACED_LETTERS.match(text, start)
        if match is not None:
            return match
    return None


def _join_spaced_letters(text: str, data: bytes) -> tuple[str, StepMap | None]:
    """Join runs of single letters split by one repeated separator: "c.h.u.a" -> "chua"."""
    if _TWO_SPACED.search(_spaced_shape(data)) is None:  # most posts: nothing to build
        return text, None
    log = EditLog()
    pieces: list[str] = []
    done = 0
    for found in _spaced_runs(text, data):
        # a run that shares its first letter with the run just joined ("c.h.ữ.a k h ỏ i")
        # keeps only the letters after that one
        match = found if found.start() >= done else _SPACED_LETTERS.match(text, done + 1)
        if match is None:
            continue
        members = match.group()[::2]
        if len(_LETTER.findall(members)) * 2 < len(members):  # mostly digits: "5 0 a", "1.3.5"
            continue
        pieces += (text[done : match.start()], members)
        for separator in range(match.start() + 1, match.end(), 2):
            log.replace(separator, separator + 1, 0)
        done = match.end()
    if done == 0:
        return text, None
    pieces.append(text[done:])
    joined = "".join(pieces)
    return joined, log.build(len(text), len(joined))


def _token_starts_with_digit(text: str, index: int) -> bool:
    while index > 0 and text[index - 1] in _TOKEN_CHARS:
        index -= 1
    return text[index].isdigit()


def _read_leet(text: str, table: dict[int, str]) -> tuple[str, bool]:
    """Leet runs after a Latin letter, as letters; also whether a "1" was read."""
    pieces: list[str] = []
    done = 0
    read_one = False
    for match in _LEET_RUN.finditer(text):
        after = match.start() - 1
        if after < 0 or not "a" <= text[after] <= "z" or _token_starts_with_digit(text, after):
            continue
        run = match.group()
        pieces += (text[done : match.start()], run.translate(table))
        read_one = read_one or "1" in run
        done = match.end()
    return "".join([*pieces, text[done:]]), read_one


def _squeeze_spaces(text: str) -> tuple[str, StepMap | None]:
    log = EditLog()
    for match in _SPACES.finditer(text):
        log.replace(match.start(), match.end(), 1)
    squeezed = _SPACES.sub(" ", text)
    return squeezed, log.build(len(text), len(squeezed))


def _xor(left: bytes, right: bytes) -> bytes:
    return (int.from_bytes(left, "big") ^ int.from_bytes(right, "big")).to_bytes(len(left), "big")


def _repeat_runs(text: str, data: bytes | None = None) -> list[tuple[int, int]]:
    """The spans of three or more equal characters in ``text`` (``data``: its ``_ascii``)."""
    # Byte i of the XOR of the text with itself shifted by one is zero when characters i and
    # i + 1 are equal: whole-integer arithmetic, because a Python loop or a back-reference
    # regex over every character would cost more than all the other steps together.
    data = _ascii(text) if data is None else data
    equal = _xor(data[1:], data[:-1])
    if b"\x00\x00" not in equal:
        return []
    runs = []
    for match in _EQUAL_RUN.finditer(equal):
        start, end = match.start(), match.end() + 1
        if data[start] != _REPLACED:
            runs.append((start, end))
            continue
        run = text[start:end]
        if run == run[0] * len(run):  # most often one emoji repeated: no need to group
            runs.append((start, end))
            continue
        for _, group in groupby(run):  # "?" may stand for different characters
            size = sum(1 for _ in group)
            if size >= 3:
                runs.append((start, start + size))
            start += size
    return runs


def _collapse_repeats(text: str, data: bytes) -> tuple[str, StepMap | None]:
    """Three or more of the same non-digit character become one."""
    runs = _repeat_runs(text, data)
    if not runs:
        return text, None
    log = EditLog()
    pieces: list[str] = []
    done = 0
    for start, end in runs:
        if text[start].isdigit():
            continue
        pieces += (text[done:start], text[start])
        log.replace(start, end, 1)
        done = end
    if done == 0:
        return text, None
    pieces.append(text[done:])
    collapsed = "".join(pieces)
    return collapsed, log.build(len(text), len(collapsed))


@dataclass(frozen=True)
class OffsetMap:
    """For each character ``i`` of a view, the original span ``[start[i], end[i])`` behind it."""

    start: tuple[int, ...]
    end: tuple[int, ...]


@dataclass(frozen=True)
class NormalisedText:
    """A post and its matching views; ``steps`` map ``view`` back to ``original``."""

    original: str
    view: str
    steps: tuple[StepMap, ...] = ()
    read_leet_one: bool = False

    @cached_property
    def compact(self) -> str:
        """``view`` without spaces: "q u a n g c a o" and "quang cao" both give "quangcao"."""
        return self.view.replace(" ", "")

    @cached_property
    def _compact_steps(self) -> tuple[StepMap, ...]:
        removed = deletions(self.view, " ")
        return self.steps if removed is None else (*self.steps, removed)

    def text_of(self, view: ViewName | str) -> str:
        """The text of a view given by name ("original", "view", "compact") or by itself."""
        name = self._name_of(view)
        if name == "original":
            return self.original
        return self.compact if name == "compact" else self.view

    def offsets(self, view: ViewName | str) -> OffsetMap:
        """The full offset map of a view (built on first use; ``to_original`` maps one span)."""
        name = self._name_of(view)
        if name not in self._offsets:
            starts, ends = full_map(self._steps_of(name), len(self.text_of(name)))
            self._offsets[name] = OffsetMap(starts, ends)
        return self._offsets[name]

    def to_original(self, view: ViewName | str, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` covering every character behind ``[start, end)`` of a view."""
        name = self._name_of(view)
        length = len(self.text_of(name))
        if not 0 <= start <= end <= length:
            raise ValueError(f"span [{start}, {end}) is outside the {name} of length {length}")
        return map_span(self._steps_of(name), start, end)

    @cached_property
    def _offsets(self) -> dict[str, OffsetMap]:
        return {}

    def _name_of(self, view: ViewName | str) -> str:
        if view in VIEW_NAMES:
            return view
        if view == self.view:
            return "view"
        if view == self.compact:
            return "compact"
        raise ValueError(f"unknown view {view!r}: expected one of {', '.join(VIEW_NAMES)}")

    def _steps_of(self, name: str) -> tuple[StepMap, ...]:
        if name == "original":
            return ()
        return self._compact_steps if name == "compact" else self.steps


def normalise(text: str, *, leet_one: Literal["i", "l"] = "i") -> NormalisedText:
    """The matching views of ``text`` with offset maps; a leet "1" is read as ``leet_one``."""
    table = _LEET_TABLES.get(leet_one)
    if table is None:
        raise ValueError(f'leet_one must be "i" or "l", not {leet_one!r}')
    view, step = map_characters(text)
    steps = [] if step is None else [step]
    data = _ascii(view)  # each step below re-encodes only when it changed the view
    view, step = _join_spaced_letters(view, data)
    if step is not None:
        steps.append(step)
        data = _ascii(view)
    read_one = False
    if _may_have_leet(data):
        view, read_one = _read_leet(view, table)
        data = _ascii(view)
    if b"  " in data:
        view, step = _squeeze_spaces(view)
        if step is not None:
            steps.append(step)
        data = _ascii(view)
    view, step = _collapse_repeats(view, data)
    if step is not None:
        steps.append(step)
    return NormalisedText(text, view, tuple(steps), read_one)


def leet_variants(text: str) -> tuple[NormalisedText, ...]:
    """``normalise(text)``, plus the reading of leet "1" as "l" when a "1" was read as "i"."""
    first = normalise(text)
    if not first.read_leet_one:
        return (first,)
    return first, normalise(text, leet_one="l")
