"""The combined estimate: explained parts that add up, and bad imports refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from koltrust.scoring.audience import AccountStats, AudienceDataError, HistoryPoint, estimate
from tests.scoring.audience.accounts import BOT, PERSON
from tests.scoring.audience.histories import organic

NOW = date(2026, 1, 1)
QUESTIONS = [
    f"Cho mình hỏi câu số {n}: {topic}?"
    for n, topic in enumerate(
        [
            "giá",
            "màu",
            "ship",
            "size",
            "chất liệu",
            "bảo hành",
            "đổi trả",
            "mua ở đâu",
            "dùng thế nào",
            "có mẫu khác",
        ]
    )
]


def _stats(**changes: object) -> AccountStats:
    base: dict[str, object] = {
        "followers": 30_000,
        "following": 400,
        "posts": 300,
        "engagement_per_post": 600.0,
        "history": organic(),
        "comments": [*QUESTIONS, "đẹp quá", "nice"],
        "follower_samples": [PERSON] * 30,
    }
    base.update(changes)
    return AccountStats(**base)  # type: ignore[arg-type]


def test_a_genuine_account_scores_high_and_every_part_explains_itself() -> None:
    result = estimate(_stats(), now=NOW)

    assert result is not None
    assert result.value > 0.95
    assert not result.provisional
    assert result.missing == ()
    assert [c.code for c in result.contributions] == [
        "engagement_rate",
        "follower_growth",
        "comment_quality",
        "fake_followers",
    ]
    assert all(c.reason for c in result.contributions)


def test_contributions_add_up_to_the_estimate() -> None:
    stats = _stats(
        engagement_per_post=50.0,
        history=organic(bought={60: 5_000}),
        comments=["đẹp quá"] * 15,
        follower_samples=[PERSON] * 20 + [BOT] * 10,
    )

    result = estimate(stats, now=NOW)

    assert result is not None
    assert result.value == pytest.approx(sum(c.points for c in result.contributions))
    assert sum(c.share for c in result.contributions) == pytest.approx(1.0)
    assert result.value < 0.5


def test_parts_without_data_are_listed_and_the_weights_renormalised() -> None:
    result = estimate(_stats(history=(), comments=(), follower_samples=()), now=NOW)

    assert result is not None
    assert result.missing == ("follower_growth", "comment_quality", "fake_followers")
    assert result.provisional
    assert result.contributions[0].share == 1.0


def test_no_data_at_all_gives_no_estimate() -> None:
    empty = _stats(engagement_per_post=None, history=(), comments=(), follower_samples=())

    assert estimate(empty, now=NOW) is None


@pytest.mark.parametrize(
    "changes",
    [{"followers": -1}, {"posts": -5}, {"engagement_per_post": -2.0}],
)
def test_negative_counts_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(AudienceDataError, match="zero or more"):
        _stats(**changes)


def test_a_negative_follower_count_in_the_history_is_refused() -> None:
    with pytest.raises(AudienceDataError, match="followers"):
        HistoryPoint(NOW, -3)


def test_history_dated_after_now_is_refused() -> None:
    history = [*organic(), HistoryPoint(NOW + timedelta(days=1), 40_000)]

    with pytest.raises(AudienceDataError, match="future"):
        estimate(_stats(history=history), now=NOW)


def test_two_counts_on_the_same_day_are_refused() -> None:
    history = organic()

    with pytest.raises(AudienceDataError, match="same day"):
        estimate(_stats(history=[*history, history[-1]]), now=NOW)
