"""Registry tables: influencers, their platform accounts, organisations, alliance membership."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base, Timestamped
from koltrust.db.types import utcnow
from koltrust.registry.reference import Platform


def enum_column(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum column stored as its string values (a VARCHAR + CHECK on SQLite)."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class VerificationLevel(StrEnum):
    NONE = "none"
    PHONE = "phone"
    NATIONAL_ID = "national_id"
    BUSINESS_REGISTRATION = "business_registration"


class OrganisationKind(StrEnum):
    BUSINESS = "business"
    MEDIA_OUTLET = "media_outlet"
    PLATFORM = "platform"
    AGENCY = "agency"


class MembershipStatus(StrEnum):
    APPLICANT = "applicant"
    MEMBER = "member"
    SUSPENDED = "suspended"
    EXPELLED = "expelled"
    WITHDRAWN = "withdrawn"


class Influencer(Timestamped, Base):
    """A KOL or KOC: a person whose public posts the alliance follows."""

    __tablename__ = "influencers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    niche: Mapped[str] = mapped_column(String(40), index=True)
    province: Mapped[str] = mapped_column(String(40), index=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    bio: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    verification_level: Mapped[VerificationLevel] = mapped_column(
        enum_column(VerificationLevel, "verification_level"), default=VerificationLevel.NONE
    )
    verified_id_hash: Mapped[str | None] = mapped_column(String(64))
    verified_id_last4: Mapped[str | None] = mapped_column(String(4))
    verified_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    accounts: Mapped[list[Account]] = relationship(
        back_populates="influencer",
        cascade="all, delete-orphan",
        order_by="Account.id",
        lazy="selectin",
    )
    membership: Mapped[Membership | None] = relationship(
        back_populates="influencer", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    @property
    def total_followers(self) -> int:
        """Followers summed over every account (the same person may be counted twice)."""
        return sum(account.followers for account in self.accounts)


class Account(Timestamped, Base):
    """An influencer's account on one platform. A handle belongs to one influencer only."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "handle_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, "platform"), index=True)
    handle: Mapped[str] = mapped_column(String(100))
    handle_key: Mapped[str] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(500))
    followers: Mapped[int] = mapped_column(default=0)

    influencer: Mapped[Influencer] = relationship(back_populates="accounts")


class Organisation(Timestamped, Base):
    """A business, media outlet, platform or agency."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, "organisation_kind"), index=True
    )
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    website: Mapped[str | None] = mapped_column(String(300))
    province: Mapped[str | None] = mapped_column(String(40))
    search_text: Mapped[str] = mapped_column(Text, default="")
    # reports sent by this organisation's users go first in the analysts' list
    trusted_flagger: Mapped[bool] = mapped_column(default=False, server_default=false())
    version: Mapped[int] = mapped_column(default=1)

    membership: Mapped[Membership | None] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class Membership(Base):
    """The alliance membership of one influencer or one organisation (exactly one of them)."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint("(influencer_id IS NULL) != (organisation_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int | None] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus, "membership_status"), index=True
    )
    code_of_conduct_version: Mapped[str | None] = mapped_column(String(20))
    pledged_at: Mapped[datetime | None]
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    influencer: Mapped[Influencer | None] = relationship(back_populates="membership")
    organisation: Mapped[Organisation | None] = relationship(back_populates="membership")
    events: Mapped[list[MembershipEvent]] = relationship(
        back_populates="membership",
        cascade="all, delete-orphan",
        order_by="MembershipEvent.id",
        lazy="selectin",
    )

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class MembershipEvent(Base):
    """One move of a membership through its lifecycle; never updated or deleted."""

    __tablename__ = "membership_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[MembershipStatus | None] = mapped_column(
        enum_column(MembershipStatus, "membership_event_from")
    )
    to_status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus, "membership_event_to")
    )
    code_of_conduct_version: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    membership: Mapped[Membership] = relationship(back_populates="events")
