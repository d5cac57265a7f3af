"""Account statistics records for the audience tests: realistic, deterministic, overridable."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.audience.models import AccountSnapshot
from koltrust.demo.trust_inputs import follower_samples

AS_OF = date(2025, 10, 1)
HANDLE = "linh.an"
COMMENTS = [
    "Cảm ơn chị, công thức này mình làm thử thành công rồi",
    "Cho mình hỏi dùng nồi chiên không dầu được không?",
    "Video dễ hiểu, lưu lại cuối tuần nấu",
    "Mẹ mình xem cũng làm theo được",
    "Phần nước chấm hơi mặn so với khẩu vị miền Bắc",
    "Mong chị làm thêm món chay",
    "Đoạn cắt rau quay gần quá, hơi khó nhìn",
    "Mình ở Huế, ở đây bán nguyên liệu này ở chợ Đông Ba",
    "Giá nguyên liệu như vậy là hợp lý",
    "Đẹp quá",
    "Thanks for the English subtitles",
    "Lần đầu mình làm mà không bị khét, cảm ơn chị",
]


def weekly_history(followers: int, *, weeks: int = 8, as_of: date = AS_OF) -> list[list[Any]]:
    """Smooth weekly growth of about 1% ending with ``followers`` on ``as_of``."""
    return [
        [(as_of - timedelta(weeks=w)).isoformat(), round(followers / 1.01**w)]
        for w in reversed(range(weeks))
    ]


def record(**overrides: Any) -> dict[str, Any]:
    """A good record for the tiktok account ``linh.an`` (52,000 followers, micro tier)."""
    base: dict[str, Any] = {
        "platform": "tiktok",
        "handle": HANDLE,
        "as_of": AS_OF.isoformat(),
        "followers": 52_000,
        "following": 310,
        "posts": 420,
        "engagement_per_post": 1_150.0,
        "history": weekly_history(52_000),
        "comments": COMMENTS,
        "follower_samples": follower_samples(random.Random(7), count=24, fake_share=0.05),
    }
    return base | overrides


def bought_record(as_of: date = AS_OF, **overrides: Any) -> dict[str, Any]:
    """The same account with a bought audience: a 30% follower jump in one week, copied and
    generic comments, half its sampled followers fake, engagement far under the band."""
    history = weekly_history(52_000, as_of=as_of)
    for point in history[:4]:
        point[1] = round(point[1] - 0.3 * 52_000)
    comments = ["Hay quá", "👍👍👍", "Tuyệt vời", "Nice", "Ủng hộ chị"] * 3
    comments += ["Theo chị mỗi ngày lãi đều, cảm ơn chị"] * 5
    return (
        record(
            as_of=as_of.isoformat(),
            engagement_per_post=90.0,
            history=history,
            comments=comments,
            follower_samples=follower_samples(random.Random(7), count=24, fake_share=0.5),
        )
        | overrides
    )


def jsonl(*records: dict[str, Any] | str) -> bytes:
    """A JSONL file of ``records`` (a string is written as the line itself)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode()


def snapshot_count(session: Session) -> int:
    """How many snapshots are stored."""
    return session.scalar(select(func.count(AccountSnapshot.id))) or 0
