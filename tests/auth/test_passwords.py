"""Passwords are Argon2id hashes; sign-in refuses wrong passwords and inactive users."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.orm import Session

from koltrust.auth import repository
from koltrust.auth.passwords import hash_password, needs_rehash, verify_password
from koltrust.auth.permissions import Role
from koltrust.auth.service import authenticate
from tests.factories import DEFAULT_PASSWORD, make_user

PASSWORD = "Mật-khẩu dài 123"


@cache
def _stored_hash() -> str:
    return hash_password(DEFAULT_PASSWORD)


def _user_with_password(session: Session) -> str:
    """A user whose password is DEFAULT_PASSWORD, hashed once per run (Argon2 is slow)."""
    email = make_user(session, Role.ANALYST, password=None)
    user = repository.user_by_email(session, email)
    assert user is not None
    user.password_hash = _stored_hash()
    session.flush()
    return email


def test_hash_is_argon2id_salted_and_never_the_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)

    assert first.startswith("$argon2id$")
    assert PASSWORD not in first
    assert first != second  # a fresh salt each time
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD + "x")
    assert not needs_rehash(first)


def test_garbage_hash_does_not_verify_or_raise() -> None:
    assert not verify_password("not-a-hash", PASSWORD)


def test_missing_hash_never_verifies_not_even_the_timing_dummy() -> None:
    assert not verify_password(None, PASSWORD)
    assert not verify_password(None, "koltrust-timing-equaliser")


def test_stored_password_is_an_argon2_hash(session: Session) -> None:
    email = make_user(session, Role.ANALYST)

    stored = session.execute(
        text("SELECT password_hash FROM users WHERE email = :e"), {"e": email}
    ).scalar_one()

    assert stored.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in stored


def test_right_password_signs_in_whatever_the_case_of_the_email(session: Session) -> None:
    email = _user_with_password(session)

    user = authenticate(session, email=email.upper(), password=DEFAULT_PASSWORD)

    assert user is not None
    assert user.email == email


def test_wrong_password_is_refused(session: Session) -> None:
    email = _user_with_password(session)

    assert authenticate(session, email=email, password="wrong-password-1") is None
    assert authenticate(session, email=email, password="") is None


def test_unknown_email_is_refused(session: Session) -> None:
    assert authenticate(session, email="nobody@example.org", password=DEFAULT_PASSWORD) is None


def test_inactive_user_is_refused_even_with_the_right_password(session: Session) -> None:
    email = _user_with_password(session)
    user = repository.user_by_email(session, email)
    assert user is not None
    user.active = False
    session.flush()

    assert authenticate(session, email=email, password=DEFAULT_PASSWORD) is None


def test_user_without_a_password_cannot_sign_in(session: Session) -> None:
    email = make_user(session, Role.ANALYST, password=None)

    assert authenticate(session, email=email, password="koltrust-timing-equaliser") is None
    assert authenticate(session, email=email, password="") is None


def test_weak_old_hash_is_upgraded_on_sign_in(session: Session) -> None:
    email = make_user(session, Role.ANALYST, password=None)
    user = repository.user_by_email(session, email)
    assert user is not None
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    user.password_hash = weak
    session.flush()

    assert authenticate(session, email=email, password=PASSWORD) is user

    assert user.password_hash != weak
    assert not needs_rehash(user.password_hash)
    assert verify_password(user.password_hash, PASSWORD)
