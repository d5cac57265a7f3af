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


def make_user(
    session: Session,
    role: Role,
    *,
    influencer_slug: str | None = None,
    organisation_slug: str | None = None,
    password: str = "correct-horse-42",
) -> str:
    """Create a user with ``role``; returns the e-mail address."""
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
