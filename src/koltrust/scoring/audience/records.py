"""The plain records audience authenticity reads: account statistics, follower history points,
follower samples; each checks itself so that bad imports fail before any score is computed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


class AudienceDataError(ValueError):
    """Imported statistics that cannot be scored (negative counts, dates in the future...)."""


def _non_negative(**counts: float) -> None:
    for name, value in counts.items():
        if value < 0:
            raise AudienceDataError(f"{name} must be zero or more, got {value}")


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The follower count of an account on one day."""

    day: date
    followers: int

    def __post_init__(self) -> None:
        _non_negative(followers=self.followers)


@dataclass(frozen=True, slots=True)
class FollowerSample:
    """One follower's profile, as the 8 InstaFake features (Akyon & Kalfaoglu, 2019)."""

    followers: int
    following: int
    biography_length: int
    media_count: int
    has_profile_picture: bool
    is_private: bool
    username_digits: int
    username_length: int

    def __post_init__(self) -> None:
        _non_negative(
            followers=self.followers,
            following=self.following,
            biography_length=self.biography_length,
            media_count=self.media_count,
            username_digits=self.username_digits,
            username_length=self.username_length,
        )
        if self.username_digits > self.username_length:
            raise AudienceDataError("username_digits cannot exceed username_length")


@dataclass(frozen=True, slots=True)
class AccountStats:
    """What an alliance imports about one influencer account on one platform."""

    followers: int
    following: int
    posts: int
    engagement_per_post: float | None = None
    history: Sequence[HistoryPoint] = ()
    comments: Sequence[str] = ()
    follower_samples: Sequence[FollowerSample] = field(default=())

    def __post_init__(self) -> None:
        _non_negative(followers=self.followers, following=self.following, posts=self.posts)
        if self.engagement_per_post is not None:
            _non_negative(engagement_per_post=self.engagement_per_post)

    def check_dates(self, now: date) -> None:
        """Refuse history dated after ``now`` or the same day twice."""
        days = [point.day for point in self.history]
        future = [day for day in days if day > now]
        if future:
            raise AudienceDataError(f"follower history dated in the future: {future[0]}")
        if len(set(days)) != len(days):
            raise AudienceDataError("follower history has two counts for the same day")
