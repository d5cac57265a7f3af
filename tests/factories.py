"""Helpers that create users, tokens and registry records for tests."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Role
from koltrust.auth.schemas import TokenCreate, UserCreate
from koltrust.auth.service import create_token, create_user
from koltrust.registry.models import Influencer, Organisation
from koltrust.registry.organisation_service import create_organisation
from koltrust.registry.schemas import InfluencerCreate, OrganisationCreate
from koltrust.registry.service import create_influencer

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PASSWORD = "correct-horse-42"


def make_user(
    session: Session,
    role: Role,
    *,
    influencer_slug: str | None = None,
    organisation_slug: str | None = None,
    password: str | None = DEFAULT_PASSWORD,
) -> str:
    """Create a user with ``role``; returns the e-mail address. ``password=None`` skips the
    (deliberately slow) Argon2 hash for users who only need an API token."""
    email = f"{role.value}-{uuid.uuid4().hex[:6]}@example.org"
    create_user(
        session,
        actor=SYSTEM,
        data=UserCreate(
            email=email,
            display_name=f"Test {role.value}",
            role=role,
            password=password,
            influencer_slug=influencer_slug,
            organisation_slug=organisation_slug,
        ),
    )
    session.commit()
    return email


def token_for(session: Session, email: str) -> str:
    """A fresh API token for the user with ``email``."""
    _, token = create_token(
        session, actor=SYSTEM, email=email, data=TokenCreate(name="test"), default_days=1
    )
    session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


def headers_for(
    session: Session,
    role: Role,
    *,
    influencer_slug: str | None = None,
    organisation_slug: str | None = None,
) -> dict[str, str]:
    """API headers of a new password-less user with ``role`` (fast: no Argon2)."""
    email = make_user(
        session,
        role,
        influencer_slug=influencer_slug,
        organisation_slug=organisation_slug,
        password=None,
    )
    return bearer(token_for(session, email))


def make_influencer(session: Session, **fields: object) -> Influencer:
    """An influencer with sensible defaults, overridable per field."""
    data = {"display_name": "Nguyễn Thu Hà", "niche": "beauty", "province": "ha-noi"} | fields
    influencer = create_influencer(
        session, actor=SYSTEM, data=InfluencerCreate.model_validate(data)
    )
    session.commit()
    return influencer


def make_organisation(session: Session, **fields: object) -> Organisation:
    """An organisation with sensible defaults, overridable per field."""
    data = {"name": "Công ty TNHH Sen Việt", "kind": "business", "tax_code": "0312345678"} | fields
    organisation = create_organisation(
        session, actor=SYSTEM, data=OrganisationCreate.model_validate(data)
    )
    session.commit()
    return organisation


def database_snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every koltrust table, in primary-key order (to prove nothing changed)."""
    from sqlalchemy import select

    from koltrust.db.metadata import metadata

    session.expire_all()
    return {
        table.name: [
            tuple(row)
            for row in session.execute(select(table).order_by(*table.primary_key.columns))
        ]
        for table in metadata().sorted_tables
    }
