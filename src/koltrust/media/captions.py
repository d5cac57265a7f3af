"""Caption and transcript files (WebVTT, SRT, JSON) read into time-coded text.

Written here rather than taken from webvtt-py: that library drops malformed SRT cues without a
word and truncates times to whole seconds, and a reviewer needs every broken cue reported with
its line number before anything is screened.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from koltrust.media.timed import MediaError, Source, TimedText

MAX_CUES = 100_000
MAX_CUE_CHARS = 5_000
MAX_REPORTED = 10

_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})"
_TIMING = regex.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_ARROW = regex.compile(r"-->")
_TAG = regex.compile(r"<[^>]{0,200}>")


@dataclass(frozen=True)
class _Cue:
    line: int
    start: float
    end: float
    text: str


def parse_captions(data: bytes, *, language: str | None = None) -> list[TimedText]:
    """The cues of a WebVTT, SRT or JSON transcript file, in time order.

    Raises ``MediaError("bad_captions")`` listing every broken cue (line and what is wrong);
    nothing is returned from a file with broken timing.
    """
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        cues = _json_cues(stripped)
    else:
        cues = _block_cues(text, webvtt=stripped.startswith("WEBVTT"))
    if len(cues) > MAX_CUES:
        raise MediaError("bad_captions", f"the file has {len(cues)} cues; the limit is {MAX_CUES}")
    cues.sort(key=lambda cue: (cue.start, cue.end))
    return [
        TimedText(Source.CAPTION, cue.start, cue.end, cue.text, language=language)
        for cue in cues
        if cue.text
    ]


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MediaError(
            "bad_captions",
            f"the caption file is not UTF-8 (byte {exc.start}); save it as UTF-8 and retry",
        ) from exc
    if not text.strip():
        raise MediaError("bad_captions", "the caption file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _block_cues(text: str, *, webvtt: bool) -> list[_Cue]:
    cues: list[_Cue] = []
    problems: list[str] = []
    for first_line, lines in _blocks(text):
        if webvtt and _is_vtt_header_block(lines, first_line):
            continue
        timing_at = next((i for i, line in enumerate(lines) if _ARROW.search(line)), None)
        if timing_at is None:
            if not lines[0].strip().isdigit():
                problems.append(f"line {first_line}: a block without a timing line (start --> end)")
            continue
        number = first_line + timing_at
        cue = _cue(number, lines[timing_at], lines[timing_at + 1 :], problems)
        if cue is not None:
            cues.append(cue)
    if not cues and not problems:
        problems.append("no cues found; expected WebVTT (WEBVTT header) or SRT")
    _raise_problems(problems)
    return cues


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines with the line number (1-based) of their first line."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _is_vtt_header_block(lines: list[str], first_line: int) -> bool:
    head = lines[0].strip()
    if first_line == 1 or head.startswith("WEBVTT"):
        return head.startswith("WEBVTT")
    return head.startswith(("NOTE", "STYLE", "REGION"))


def _cue(number: int, timing: str, body: list[str], problems: list[str]) -> _Cue | None:
    match = _TIMING.match(timing)
    if match is None:
        problems.append(
            f"line {number}: unreadable timing {timing.strip()[:60]!r}; "
            "expected hh:mm:ss.mmm --> hh:mm:ss.mmm"
        )
        return None
    start = _seconds(match.groups()[:4])
    end = _seconds(match.groups()[4:])
    if end <= start:
        problems.append(
            f"line {number}: the cue ends ({_clock(end)}) "
            f"before or when it starts ({_clock(start)})"
        )
        return None
    text = _clean(" ".join(line.strip() for line in body))
    if len(text) > MAX_CUE_CHARS:
        problems.append(
            f"line {number}: the cue has {len(text)} characters; the limit is {MAX_CUE_CHARS}"
        )
        return None
    return _Cue(number, start, end, text)


def _seconds(parts: tuple[str | Any, ...]) -> float:
    hours, minutes, seconds, fraction = parts
    return (
        int(hours or 0) * 3600
        + int(minutes) * 60
        + int(seconds)
        + int(fraction.ljust(3, "0")) / 1000
    )


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    whole, fraction = divmod(millis, 1000)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{fraction:03d}"


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _json_cues(text: str) -> list[_Cue]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MediaError(
            "bad_captions", f"the transcript is not valid JSON: {exc.msg} at line {exc.lineno}"
        ) from exc
    problems: list[str] = []
    cues = [cue for cue in _json_records(document, problems) if cue is not None]
    if not cues and not problems:
        problems.append(
            "no cues found; expected a YouTube json3 transcript ({'events': [...]}), "
            "{'segments': [...]} or a list of {'start', 'end', 'text'}"
        )
    _raise_problems(problems)
    return cues


def _json_records(document: Any, problems: list[str]) -> Iterator[_Cue | None]:
    if isinstance(document, dict) and isinstance(document.get("events"), list):
        for number, event in enumerate(document["events"], start=1):
            yield _json3_event(number, event, problems)
        return
    records = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(records, list):
        problems.append("the transcript holds no list of segments")
        return
    for number, record in enumerate(records, start=1):
        yield _json_segment(number, record, problems)


def _json3_event(number: int, event: Any, problems: list[str]) -> _Cue | None:
    if not isinstance(event, dict) or "segs" not in event:
        return None  # window and style events carry no text
    try:
        start = float(event["tStartMs"]) / 1000
        end = start + float(event.get("dDurationMs", 0)) / 1000
        text = "".join(str(seg.get("utf8", "")) for seg in event["segs"])
    except (KeyError, TypeError, ValueError, AttributeError):
        problems.append(f"event {number}: needs tStartMs, dDurationMs and segs[].utf8")
        return None
    return _checked(f"event {number}", start, end, text, problems)


def _json_segment(number: int, record: Any, problems: list[str]) -> _Cue | None:
    try:
        start, end = float(record["start"]), float(record["end"])
        text = str(record["text"])
    except (KeyError, TypeError, ValueError):
        problems.append(f"segment {number}: needs numeric start and end (seconds) and text")
        return None
    return _checked(f"segment {number}", start, end, text, problems)


def _checked(where: str, start: float, end: float, text: str, problems: list[str]) -> _Cue | None:
    if not (math.isfinite(start) and math.isfinite(end) and 0 <= start < end):
        problems.append(f"{where}: bad timing {start}–{end} s (need 0 <= start < end)")
        return None
    cleaned = _clean(text)
    if len(cleaned) > MAX_CUE_CHARS:
        problems.append(f"{where}: {len(cleaned)} characters; the limit is {MAX_CUE_CHARS}")
        return None
    return _Cue(0, start, end, cleaned)


def _raise_problems(problems: list[str]) -> None:
    if not problems:
        return
    shown = "; ".join(problems[:MAX_REPORTED])
    more = len(problems) - MAX_REPORTED
    suffix = f"; and {more} more" if more > 0 else ""
    raise MediaError(
        "bad_captions", f"the caption file has {len(problems)} problem(s): {shown}{suffix}"
    )
