"""Users, sign-in and API tokens: behaviour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth import repository
from koltrust.auth.models import ApiToken, User
from koltrust.auth.passwords import hash_password, needs_rehash, verify_password
from koltrust.auth.permissions import Action, Actor, Role, authorize
from koltrust.auth.schemas import TokenCreate, UserCreate
from koltrust.auth.tokens import new_token, token_digest
from koltrust.db.types import utcnow
from koltrust.errors import Duplicate, NotFound, ValidationFailed
from koltrust.registry import repository as registry


def create_user(session: Session, *, actor: Actor, data: UserCreate) -> User:
    """Create a user; influencer users are linked to their profile, business and platform
    users to their organisation."""
    authorize(actor, Action.MANAGE_USERS)
    if repository.user_by_email(session, data.email):
        raise Duplicate(f"A user with e-mail {data.email} already exists", email=data.email)
    user = User(
        email=data.email,
        display_name=data.display_name,
        role=data.role,
        password_hash=hash_password(data.password) if data.password else None,
    )
    _link_subject(session, user, data)
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        entity_type="user",
        entity_id=user.id,
        data={"email": data.email, "role": data.role.value},
    )
    return user


def _link_subject(session: Session, user: User, data: UserCreate) -> None:
    if data.role is Role.INFLUENCER:
        if not data.influencer_slug:
            raise ValidationFailed(
                "An influencer user needs influencer_slug", field="influencer_slug"
            )
        influencer = registry.influencer_by_slug(session, data.influencer_slug)
        if influencer is None:
            raise NotFound(f"No influencer with slug '{data.influencer_slug}'")
        user.influencer_id = influencer.id
    if data.organisation_slug:
        organisation = registry.organisation_by_slug(session, data.organisation_slug)
        if organisation is None:
            raise NotFound(f"No organisation with slug '{data.organisation_slug}'")
        user.organisation_id = organisation.id


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost either way)."""
    user = repository.user_by_email(session, email)
    stored = user.password_hash if user and user.active else None
    if not verify_password(stored, password) or user is None:
        return None
    if stored and needs_rehash(stored):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def actor_for(user: User) -> Actor:
    """The actor a signed-in user acts as."""
    return Actor(
        label=f"user:{user.email}",
        role=user.role,
        user_id=user.id,
        influencer_id=user.influencer_id,
        organisation_id=user.organisation_id,
    )


def create_token(
    session: Session, *, actor: Actor, email: str | None, data: TokenCreate, default_days: int
) -> tuple[ApiToken, str]:
    """A new token for the actor (or, for admins, for the user with ``email``). Returns the
    stored row and the token itself, which is never shown again."""
    authorize(actor, Action.CREATE_OWN_TOKEN)
    user = _token_owner(session, actor=actor, email=email)
    token = new_token()
    now = utcnow()
    row = ApiToken(
        user=user,
        name=data.name,
        prefix=token[:10],
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + timedelta(days=data.days or default_days),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.create",
        entity_type="user",
        entity_id=user.id,
        data={"token_id": row.id, "name": data.name},
    )
    return row, token


def _token_owner(session: Session, *, actor: Actor, email: str | None) -> User:
    own = session.get(User, actor.user_id) if actor.user_id else None
    if email is None or (own is not None and own.email == email.lower()):
        if own is None:
            raise ValidationFailed("Say which user the token is for", field="email")
        return own
    authorize(actor, Action.MANAGE_USERS)
    user = repository.user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with e-mail {email}", email=email)
    return user


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The actor behind a bearer token, or None if unknown, revoked, expired or inactive."""
    row = repository.token_by_digest(session, token_digest(token))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
        return None
    row.last_used_at = now
    return actor_for(row.user)


def revoke_token(session: Session, *, actor: Actor, token_id: int) -> None:
    """Revoke a token (its owner or an admin)."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.user_id and actor.role is not Role.ADMIN):
        raise NotFound(f"No token {token_id}")
    row.revoked_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.revoke",
        entity_type="user",
        entity_id=row.user_id,
        data={"token_id": token_id},
    )
