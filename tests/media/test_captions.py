"""Caption and transcript files: WebVTT, SRT and JSON, and every broken cue reported."""

from __future__ import annotations

import json

import pytest

from koltrust.media.captions import parse_captions
from koltrust.media.timed import MediaError, Source

VTT = """WEBVTT - livestream

NOTE written by the shop

STYLE
::cue { color: yellow }

intro
00:00:01.250 --> 00:00:03.500 align:start
<v Linh>Xin chào <b>các bạn</b> &amp; cả nhà

00:04.000 --> 00:06.000
Nhập mã LINH20
giảm 20% nha
"""

SRT = (
    "\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\nChữa khỏi\r\ntiểu đường\r\n\r\n"
    "2\r\n01:00:00,000 --> 01:00:01,000\r\nhết\r\n"
)


def test_webvtt_cues_with_tags_settings_notes_and_short_times() -> None:
    cues = parse_captions(VTT.encode(), language="vi")
    assert [(c.t_start, c.t_end, c.text) for c in cues] == [
        (1.25, 3.5, "Xin chào các bạn & cả nhà"),
        (4.0, 6.0, "Nhập mã LINH20 giảm 20% nha"),
    ]
    assert all(c.source is Source.CAPTION and c.language == "vi" for c in cues)


def test_srt_with_bom_crlf_and_hours() -> None:
    cues = parse_captions(SRT.encode())
    assert [(c.t_start, c.t_end, c.text) for c in cues] == [
        (1.0, 2.5, "Chữa khỏi tiểu đường"),
        (3600.0, 3601.0, "hết"),
    ]


def test_cues_out_of_order_are_sorted() -> None:
    srt = "1\n00:00:05,000 --> 00:00:06,000\nlater\n\n2\n00:00:01,000 --> 00:00:02,000\nfirst\n"
    assert [c.text for c in parse_captions(srt.encode())] == ["first", "later"]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {
                "events": [
                    {"tStartMs": 0},
                    {
                        "tStartMs": 1500,
                        "dDurationMs": 2000,
                        "segs": [{"utf8": "link "}, {"utf8": "in bio"}],
                    },
                ]
            },
            [(1.5, 3.5, "link in bio")],
        ),
        ({"segments": [{"start": 0.5, "end": 1.0, "text": " hi "}]}, [(0.5, 1.0, "hi")]),
        ([{"start": 2, "end": 3, "text": "code SAVE20"}], [(2.0, 3.0, "code SAVE20")]),
    ],
)
def test_json_transcripts(document: object, expected: list[tuple[float, float, str]]) -> None:
    cues = parse_captions(json.dumps(document).encode())
    assert [(c.t_start, c.t_end, c.text) for c in cues] == expected


def test_broken_timing_lists_every_bad_cue_with_its_line() -> None:
    vtt = (
        "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nbackwards\n\n"
        "00:00:0x.000 --> 00:00:09.000\nunreadable\n\n00:00:07.000 --> 00:00:08.000\nfine\n"
    )
    with pytest.raises(MediaError) as caught:
        parse_captions(vtt.encode())
    assert caught.value.code == "bad_captions"
    message = caught.value.message
    assert "2 problem(s)" in message
    assert "line 3: the cue ends (00:00:04.000) before or when it starts (00:00:05.000)" in message
    assert "line 6: unreadable timing '00:00:0x.000 --> 00:00:09.000'" in message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"\xff\xfe garbage", "not UTF-8 (byte 0)"),
        (b"just some words\nno timings\n", "line 1: a block without a timing line"),
        (b"WEBVTT\n", "no cues found"),
        (b"{not json", "not valid JSON"),
        (b'{"foo": 1}', "no list of segments"),
        (b'[{"start": 3, "end": 1, "text": "x"}]', "segment 1: bad timing 3.0"),
        (b'[{"start": 0, "end": Infinity, "text": "x"}]', "segment 1: bad timing"),
        (b'[{"begin": 0}]', "segment 1: needs numeric start and end"),
        (b'{"events": [{"tStartMs": "x", "segs": []}]}', "event 1: needs tStartMs"),
        (b"1\n00:00:00,000 --> 00:00:01,000\n" + b"x" * 6000, "the limit is 5000"),
        (b"1\n00:61:00,000 --> 00:62:00,000\nminutes past 59\n", "unreadable timing"),
    ],
)
def test_bad_files_get_a_specific_error(data: bytes, fragment: str) -> None:
    with pytest.raises(MediaError) as caught:
        parse_captions(data)
    assert caught.value.code == "bad_captions"
    assert fragment in caught.value.message


def test_many_problems_are_summarised() -> None:
    srt = "".join(f"{n}\n00:00:0{n % 10},000 --> 00:00:00,000\nx\n\n" for n in range(1, 16))
    with pytest.raises(MediaError) as caught:
        parse_captions(srt.encode())
    assert "15 problem(s)" in caught.value.message
    assert "and 5 more" in caught.value.message
