"""Shapes of imported account statistics, and of the stored estimates as the API shows them
(each part labelled and explained in Vietnamese and English)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from koltrust.audience.models import AccountSnapshot
from koltrust.common_schemas import Slug, StrictModel, Text
from koltrust.registry.models import Influencer
from koltrust.registry.reference import Platform
from koltrust.registry.schemas import Handle
from koltrust.scoring.audience import AccountStats, FollowerSample, HistoryPoint
from koltrust.scoring.audience.authenticity import settings as authenticity_settings

# the range of a 32-bit INTEGER, so that PostgreSQL never refuses a count
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]
MAX_ITEMS = 5_000  # history points, comments or follower samples in one record
Comment = Annotated[Text, Field(max_length=2_000)]


def _moment(value: object) -> object:
    """A day (read as 00:00 UTC) or a date-time with its zone, as an aware UTC datetime."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError("use a day (2025-11-20) or a date-time with its zone") from exc
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(
                "a date-time needs its time zone (e.g. 2025-11-20T08:00:00+07:00), or give a day"
            )
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


Moment = Annotated[datetime, BeforeValidator(_moment)]


def _point_shape(value: object) -> object:
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError("a history point is [day, followers] or {day, followers}")
        return {"day": value[0], "followers": value[1]}
    return value


class HistoryPointIn(StrictModel):
    """One follower count on one day."""

    day: date
    followers: Count


class FollowerSampleIn(StrictModel):
    """One sampled follower's profile: the 8 InstaFake features."""

    followers: Count
    following: Count
    biography_length: Count
    media_count: Count
    has_profile_picture: bool
    is_private: bool
    username_length: Count
    username_digits: Count

    @field_validator("username_digits")
    @classmethod
    def _digits_fit(cls, value: int, info: ValidationInfo) -> int:
        length = info.data.get("username_length")
        if length is not None and value > length:
            raise ValueError(f"cannot exceed username_length ({length})")
        return value

    def to_sample(self) -> FollowerSample:
        """The pure record."""
        return FollowerSample(**self.model_dump())


class StatsRecordIn(StrictModel):
    """One account's statistics as of one moment. The account is named by ``handle`` on
    ``platform``, or by the ``influencer``'s slug when they have one account there."""

    platform: Platform
    handle: Handle | None = None
    influencer: Slug | None = None
    as_of: Moment
    followers: Count
    following: Count
    posts: Count
    engagement_per_post: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    history: Annotated[
        list[Annotated[HistoryPointIn, BeforeValidator(_point_shape)]],
        Field(max_length=MAX_ITEMS),
    ] = []
    comments: Annotated[list[Comment], Field(max_length=MAX_ITEMS)] = []
    follower_samples: Annotated[list[FollowerSampleIn], Field(max_length=MAX_ITEMS)] = []

    @field_validator("platform", mode="before")
    @classmethod
    def _platform_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _names_an_account(self) -> StatsRecordIn:
        if self.handle is None and self.influencer is None:
            raise ValueError("name the account: give its handle, or the influencer's slug")
        return self

    def to_stats(self) -> AccountStats:
        """The pure record the estimate reads."""
        return AccountStats(
            followers=self.followers,
            following=self.following,
            posts=self.posts,
            engagement_per_post=self.engagement_per_post,
            history=tuple(HistoryPoint(p.day, p.followers) for p in self.history),
            comments=tuple(self.comments),
            follower_samples=tuple(s.to_sample() for s in self.follower_samples),
        )


# --- output -------------------------------------------------------------------------------

PART_LABELS: dict[str, dict[str, str]] = {
    "engagement_rate": {
        "vi": "Tương tác so với khoảng của nhóm quy mô",
        "en": "Engagement against the tier's band",
    },
    "follower_growth": {"vi": "Tăng người theo dõi đột biến", "en": "Follower-growth spikes"},
    "comment_quality": {
        "vi": "Bình luận trùng lặp, chung chung",
        "en": "Duplicate and generic comments",
    },
    "fake_followers": {"vi": "Tỷ lệ người theo dõi giả", "en": "Fake-follower share"},
}
_VERDICTS_VI = {
    "below": "thấp hơn khoảng thường gặp",
    "above": "cao hơn khoảng thường gặp",
    "within": "nằm trong khoảng thường gặp",
}


def _pct(share: float, digits: int = 0) -> str:
    return f"{share:.{digits}%}"


def reason_vi(code: str, details: dict[str, Any]) -> str:
    """The Vietnamese reason of a part, built from its code and figures."""
    config = authenticity_settings()
    if code == "engagement_rate":
        rate, low, high = details["rate"], details["low"], details["high"]
        verdict = "below" if rate < low else "above" if rate > high else "within"
        return (
            f"Tỷ lệ tương tác {_pct(rate, 2)} mỗi bài, {_VERDICTS_VI[verdict]} của nhóm "
            f"{details['tier']} ({_pct(low, 1)}–{_pct(high, 1)})."
        )
    if code == "follower_growth":
        spikes = details["spikes"]
        if not spikes:
            return f"Không có đợt tăng đột biến trong {details['points']} mốc số người theo dõi."
        dates = ", ".join(f"{s['start']}..{s['end']}" for s in spikes)
        return (
            f"{len(spikes)} đợt tăng người theo dõi đột biến ({dates}) mang lại khoảng "
            f"{_pct(details['spike_share'])} số người theo dõi vượt mức tăng thường lệ; người "
            "theo dõi mua thường đến như vậy, một bài đăng lan truyền cũng vậy."
        )
    if code == "comment_quality":
        return (
            f"{_pct(details['suspicious_share'])} trong {details['total']} bình luận mẫu là bản "
            f"sao hoặc chung chung ({details['exact_duplicates']} bản sao y hệt, "
            f"{details['near_duplicates']} gần giống, {details['generic']} chung chung); đến "
            f"{_pct(config['comments']['expected_share'])} là bình thường."
        )
    if code == "fake_followers":
        return (
            f"Bộ phân loại ước tính {_pct(details['fake_share'])} trong {details['samples']} "
            f"người theo dõi mẫu là tài khoản giả; đến "
            f"{_pct(config['fake_followers']['expected_share'])} là phổ biến."
        )
    raise ValueError(f"unknown authenticity part {code!r}")


class PartOut(BaseModel):
    """One part of the estimate; ``points`` of all parts add up to the estimate."""

    code: str
    label: dict[str, str]
    value: float
    weight: float
    share: float
    points: float
    reason: dict[str, str]
    details: dict[str, Any]


def part_out(part: dict[str, Any]) -> PartOut:
    """A stored part, labelled and explained in vi and en."""
    code = part["code"]
    return PartOut(
        code=code,
        label=PART_LABELS[code],
        value=part["value"],
        weight=part["weight"],
        share=part["share"],
        points=part["points"],
        reason={"vi": reason_vi(code, part["details"]), "en": part["reason"]},
        details=part["details"],
    )


class SnapshotOut(BaseModel):
    """One imported snapshot and the estimate computed from it at import."""

    id: int
    evidence: str
    as_of: datetime
    followers: int
    following: int
    posts: int
    engagement_per_post: float | None
    authenticity: float | None
    provisional: bool
    parts: list[PartOut]
    missing: list[str]
    imported_at: datetime


def snapshot_out(snapshot: AccountSnapshot) -> SnapshotOut:
    """The API shape of a stored snapshot."""
    return SnapshotOut(
        id=snapshot.id,
        evidence=f"snapshot:{snapshot.id}",
        as_of=snapshot.as_of,
        followers=snapshot.followers,
        following=snapshot.following,
        posts=snapshot.posts,
        engagement_per_post=snapshot.engagement_per_post,
        authenticity=snapshot.authenticity,
        provisional=snapshot.provisional,
        parts=[part_out(part) for part in snapshot.parts],
        missing=list(snapshot.missing),
        imported_at=snapshot.imported_at,
    )


class AccountAudienceOut(BaseModel):
    """An account and its latest estimate (None before any import)."""

    platform: Platform
    handle: str
    followers: int
    latest: SnapshotOut | None


class InfluencerAudienceOut(BaseModel):
    """An influencer's accounts with their latest audience estimates."""

    influencer: str
    accounts: list[AccountAudienceOut]


class RejectOut(BaseModel):
    """A record left out: where (line or index), which field, why."""

    line: int | None = None
    index: int | None = None
    field: str
    reason: str


class ImportReportOut(BaseModel):
    """What an import stored."""

    source: str
    added: int
    already_stored: int
    snapshots: list[int]
    influencers: list[str]
    rejects: list[RejectOut]


def influencer_audience_out(
    influencer: Influencer, latest: dict[int, AccountSnapshot]
) -> InfluencerAudienceOut:
    """Each account of ``influencer`` with its newest snapshot from ``latest`` (by account)."""
    accounts = [
        AccountAudienceOut(
            platform=account.platform,
            handle=account.handle,
            followers=account.followers,
            latest=snapshot_out(latest[account.id]) if account.id in latest else None,
        )
        for account in sorted(influencer.accounts, key=lambda a: (a.platform.value, a.handle))
    ]
    return InfluencerAudienceOut(influencer=influencer.slug, accounts=accounts)
