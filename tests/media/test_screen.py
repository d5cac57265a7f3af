"""Time-coded screening: findings placed in time and source, disclosure judged by time."""

from __future__ import annotations

from functools import lru_cache

from koltrust.media.disclosure import RULE_ID
from koltrust.media.screen import positional_rule_ids, screen_units
from koltrust.media.timed import Source, TimedText, clock
from koltrust.screening.engine import Engine
from koltrust.screening.loader import load_rulebook
from koltrust.screening.rulebook_path import default_rulebook_path


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(load_rulebook(default_rulebook_path()))


def _unit(source: Source, start: float, end: float, text: str) -> TimedText:
    return TimedText(source, start, end, text)


def _found(units: list[TimedText], **options: object) -> list[tuple[str, str, float, float]]:
    findings = screen_units(_engine(), units, language="vi", **options)  # type: ignore[arg-type]
    return [(f.finding.rule_id, f.source.value, f.t_start, f.t_end) for f in findings]


def test_a_claim_is_placed_on_the_unit_that_makes_it() -> None:
    units = [
        _unit(Source.SPEECH, 0, 4, "Chào cả nhà, hôm nay trời đẹp quá"),
        _unit(Source.ON_SCREEN, 5, 8, "Viên uống chữa khỏi tiểu đường, không tác dụng phụ"),
    ]
    found = _found(units)
    assert ("vi.health.cure_claim", "on_screen", 5, 8) in found
    assert all(start >= 5 for _, _, start, _ in found)
    finding = next(f for f in screen_units(_engine(), units, language="vi"))
    data = finding.to_dict()
    assert data["source"] == "on_screen"
    assert data["producer"] == "rules"
    assert data["t_start"] == 5
    assert data["t_end"] == 8
    unit, start, end = data["spans"][0]
    assert unit == 1
    assert units[1].text[start:end]


def test_a_rule_needing_two_sentences_spans_both() -> None:
    units = [
        _unit(Source.SPEECH, 10, 14, "Đây là viên uống thực phẩm chức năng collagen của nhà mình"),
        _unit(Source.SPEECH, 15, 19, "uống vào là chữa khỏi hẳn bệnh tiểu đường luôn"),
    ]
    cure = [f for f in _found(units) if f[0] == "vi.health.cure_claim"]
    assert cure
    assert cure[0][2] <= 15
    assert cure[0][3] == 19


def test_the_same_claim_repeated_close_together_is_one_finding() -> None:
    claim = "Viên uống chữa khỏi tiểu đường"
    units = [_unit(Source.ON_SCREEN, t, t + 1, claim) for t in (20, 21, 22)]
    units.append(_unit(Source.ON_SCREEN, 200, 201, claim))
    cure = [f for f in _found(units) if f[0] == "vi.health.cure_claim"]
    assert [(start, end) for _, _, start, end in cure] == [(20, 23), (200, 201)]


def test_selling_without_a_disclosure_in_the_window_is_found_with_its_time_range() -> None:
    units = [
        _unit(Source.SPEECH, 0, 5, "Chào mừng cả nhà đến với livestream tối nay"),
        _unit(Source.CAPTION, 90, 95, "Nhập mã LINH20 giảm 20% nha cả nhà"),
        _unit(Source.SPEECH, 120, 126, "Mua ngay tại shopee giá chỉ 199k"),
    ]
    ads = [f for f in _found(units) if f[0] == RULE_ID]
    assert ads == [(RULE_ID, "caption", 90, 126)]
    finding = next(
        f for f in screen_units(_engine(), units, language="vi") if f.finding.rule_id == RULE_ID
    )
    assert "1:30" in finding.finding.explanation["vi"]
    assert "2:06" in finding.finding.explanation["en"]
    assert finding.finding.legal_basis["citation"].startswith("Luật Quảng cáo")


def test_a_disclosure_shortly_before_or_during_covers_the_selling() -> None:
    before = [
        _unit(Source.SPEECH, 40, 44, "Video này có hợp tác với nhãn hàng ABC nha"),
        _unit(Source.CAPTION, 90, 95, "Nhập mã LINH20 giảm 20% nha cả nhà"),
    ]
    assert not [f for f in _found(before) if f[0] == RULE_ID]
    label = [
        _unit(Source.ON_SCREEN, 0, 600, "Quảng cáo"),
        _unit(Source.SPEECH, 500, 505, "Mua ngay tại shopee giá chỉ 199k"),
    ]
    assert not [f for f in _found(label) if f[0] == RULE_ID]


def test_a_disclosure_too_early_or_a_denial_does_not_cover() -> None:
    early = [
        _unit(Source.SPEECH, 0, 4, "Video này có hợp tác với nhãn hàng ABC nha"),
        _unit(Source.CAPTION, 300, 305, "Nhập mã LINH20 giảm 20% nha cả nhà"),
    ]
    assert [f[2:] for f in _found(early) if f[0] == RULE_ID] == [(300, 305)]
    assert not [f for f in _found(early, disclosure_window=400) if f[0] == RULE_ID]
    denial = [
        _unit(Source.SPEECH, 0, 4, "Đây không phải quảng cáo đâu nha"),
        _unit(Source.CAPTION, 10, 15, "Nhập mã LINH20 giảm 20% nha cả nhà"),
    ]
    assert [f[2:] for f in _found(denial) if f[0] == RULE_ID] == [(10, 15)]


def test_the_paid_partnership_label_covers_everything() -> None:
    units = [_unit(Source.CAPTION, 90, 95, "Nhập mã LINH20 giảm 20% nha cả nhà")]
    assert not [f for f in _found(units, paid_partnership=True) if f[0] == RULE_ID]


def test_position_rules_give_way_to_the_time_rule() -> None:
    positional = positional_rule_ids(_engine().rulebook)
    assert "vi.ads.undisclosed" in positional
    units = [
        _unit(Source.SPEECH, 0, 30, "Hôm nay mình kể chuyện đi chơi Đà Lạt " * 5),
        _unit(Source.SPEECH, 31, 35, "Quảng cáo nha, nhập mã LINH20 giảm 20%"),
    ]
    assert not {rule for rule, *_ in _found(units)} & (positional | {RULE_ID})


def test_long_media_is_screened_in_chunks_and_stays_ordered() -> None:
    units = [
        _unit(Source.SPEECH, t, t + 5, f"đoạn {t}: hôm nay trời đẹp, cả nhà ăn cơm chưa")
        for t in range(0, 7200, 6)
    ]
    units.append(_unit(Source.SPEECH, 7000, 7004, "Viên uống chữa khỏi tiểu đường"))
    found = _found(units)
    assert ("vi.health.cure_claim", "speech", 7000, 7004) in found
    assert [f[2] for f in found] == sorted(f[2] for f in found)


def test_clock() -> None:
    assert (clock(0), clock(75.9), clock(3725)) == ("0:00", "1:15", "1:02:05")


def test_nothing_to_screen() -> None:
    assert screen_units(_engine(), []) == []
