"""Queries on users and tokens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.auth.models import ApiToken, User


def user_by_email(session: Session, email: str) -> User | None:
    """The user with this (lower-cased) e-mail address."""
    return session.scalars(select(User).where(User.email == email.lower())).first()


def token_by_digest(session: Session, digest: str) -> ApiToken | None:
    """The token whose SHA-256 is ``digest``."""
    return session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()


def list_users(session: Session) -> list[User]:
    """All users by e-mail."""
    return list(session.scalars(select(User).order_by(User.email)))
