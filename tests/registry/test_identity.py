"""Identity verification keeps a keyed hash and the last four digits, never the number."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.config import Settings
from koltrust.errors import ValidationFailed
from koltrust.registry import service
from koltrust.registry.identity import normalise_id_number, prove
from koltrust.registry.models import VerificationLevel
from koltrust.registry.schemas import IdentityVerificationIn
from tests.factories import make_influencer

CCCD = "001203004567"
KEY = b"test-key"


def _verify(session: Session, slug: str, level: VerificationLevel, number: str | None) -> None:
    service.verify_identity(
        session,
        actor=SYSTEM,
        slug=slug,
        data=IdentityVerificationIn(level=level, id_number=number),
        key=KEY,
    )
    session.flush()


def _everything_stored(connection: Connection) -> str:
    """Every value of every influencer and audit row, as one string."""
    rows: list[Any] = []
    for table in ("influencers", "audit_events"):
        rows += connection.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608
    return repr(rows)


def test_only_a_keyed_hash_and_last_four_digits_are_kept(
    session: Session, connection: Connection
) -> None:
    influencer = make_influencer(session, slug="linh")

    _verify(session, "linh", VerificationLevel.NATIONAL_ID, CCCD)

    expected = hmac.new(KEY, f"national_id:{CCCD}".encode(), hashlib.sha256).hexdigest()
    assert influencer.verified_id_hash == expected
    assert influencer.verified_id_last4 == "4567"
    assert influencer.verified_at is not None
    assert influencer.verification_level is VerificationLevel.NATIONAL_ID
    stored = _everything_stored(connection)
    assert CCCD not in stored
    assert CCCD[:8] not in stored


def test_number_given_over_the_api_appears_nowhere_in_the_database(
    client: TestClient,
    session: Session,
    connection: Connection,
    admin_headers: dict[str, str],
    settings: Settings,
) -> None:
    make_influencer(session, slug="linh")

    response = client.put(
        "/api/v1/influencers/linh/verification",
        json={"level": "phone", "id_number": "+84 912 345 678"},
        headers=admin_headers,
    )

    assert response.status_code == 200, response.text
    assert response.json()["verification_level"] == "phone"
    assert response.json()["verified_id_last4"] == "5678"
    assert "0912345678" not in response.text
    stored = _everything_stored(connection)
    for fragment in ("0912345678", "912345678", "+84 912 345 678", "9123456"):
        assert fragment not in stored
    expected = prove(VerificationLevel.PHONE, "0912345678", key=settings.identity_hash_key())
    assert expected.digest in stored


def test_public_profile_shows_the_level_but_not_the_digits(
    client: TestClient, session: Session
) -> None:
    make_influencer(session, slug="linh")
    _verify(session, "linh", VerificationLevel.NATIONAL_ID, CCCD)
    session.commit()

    body = client.get("/api/v1/influencers/linh").json()

    assert body["verification_level"] == "national_id"
    assert "verified_id_last4" not in body
    assert "4567" not in repr(body)


@pytest.mark.parametrize(
    ("level", "number", "canonical"),
    [
        (VerificationLevel.PHONE, "0912345678", "0912345678"),
        (VerificationLevel.PHONE, "+84912345678", "0912345678"),
        (VerificationLevel.PHONE, "091 234 5678", "0912345678"),
        (VerificationLevel.PHONE, "(091) 234.5678", "0912345678"),
        (VerificationLevel.NATIONAL_ID, "001 203 004 567", CCCD),
        (VerificationLevel.BUSINESS_REGISTRATION, "0312345678", "0312345678"),
        (VerificationLevel.BUSINESS_REGISTRATION, "0312345678-001", "0312345678-001"),
    ],
)
def test_accepted_formats_normalise_to_one_canonical_number(
    level: VerificationLevel, number: str, canonical: str
) -> None:
    assert normalise_id_number(level, number) == canonical
    assert prove(level, number, key=KEY) == prove(level, canonical, key=KEY)


@pytest.mark.parametrize(
    ("level", "number"),
    [
        (VerificationLevel.PHONE, "12345"),
        (VerificationLevel.PHONE, "0212345678"),  # landline prefix, not a mobile
        (VerificationLevel.PHONE, "09123456789"),
        (VerificationLevel.PHONE, "091234567a"),
        (VerificationLevel.PHONE, "+1 415 555 0100"),
        (VerificationLevel.NATIONAL_ID, "00120300456"),  # 11 digits: the old 9/12 mix-up
        (VerificationLevel.NATIONAL_ID, "0012030045678"),
        (VerificationLevel.NATIONAL_ID, "001203004S67"),
        (VerificationLevel.NATIONAL_ID, ""),
        (VerificationLevel.BUSINESS_REGISTRATION, "031234567"),
        (VerificationLevel.BUSINESS_REGISTRATION, "0312345678-01"),
    ],
)
def test_bad_formats_are_refused(level: VerificationLevel, number: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        prove(level, number, key=KEY)
    assert caught.value.data["field"] == "id_number"


@pytest.mark.parametrize(
    "body",
    [
        {"level": "phone", "id_number": "12345"},
        {"level": "national_id", "id_number": "00120300456"},
        {"level": "national_id"},
        {"level": "national_id", "id_number": "0" * 21},
        {"level": "passport", "id_number": "B1234567"},
    ],
)
def test_bad_verification_over_the_api_is_a_422_and_changes_nothing(
    client: TestClient, session: Session, admin_headers: dict[str, str], body: dict[str, str]
) -> None:
    make_influencer(session, slug="linh")

    response = client.put("/api/v1/influencers/linh/verification", json=body, headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert (
        client.get("/api/v1/influencers/linh", headers=admin_headers).json()["verification_level"]
        == "none"
    )


def test_the_hash_depends_on_the_key_and_the_level() -> None:
    phone = prove(VerificationLevel.PHONE, "0312345678", key=KEY)

    assert prove(VerificationLevel.PHONE, "0312345678", key=b"other").digest != phone.digest
    assert (
        prove(VerificationLevel.BUSINESS_REGISTRATION, "0312345678", key=KEY).digest != phone.digest
    )


def test_level_none_clears_what_was_kept(session: Session) -> None:
    influencer = make_influencer(session, slug="linh")
    _verify(session, "linh", VerificationLevel.NATIONAL_ID, CCCD)

    _verify(session, "linh", VerificationLevel.NONE, None)

    assert influencer.verification_level is VerificationLevel.NONE
    assert (influencer.verified_id_hash, influencer.verified_id_last4) == (None, None)
    assert influencer.verified_at is None


def test_audit_event_records_the_level_only(session: Session, connection: Connection) -> None:
    make_influencer(session, slug="linh")

    _verify(session, "linh", VerificationLevel.NATIONAL_ID, CCCD)

    data = connection.execute(
        text("SELECT data FROM audit_events WHERE action = 'influencer.verify_identity'")
    ).scalar_one()
    assert "national_id" in str(data)
    assert "4567" not in str(data)
