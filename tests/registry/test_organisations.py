"""Organisations: registered by tax code, searched by name or tax code."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM
from koltrust.registry import membership_service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange
from koltrust.registry.schemas import OrganisationCreate
from tests.factories import make_organisation


@pytest.fixture
def organisations(session: Session) -> None:
    make_organisation(session, name="Công ty TNHH Sen Việt", slug="sen-viet", tax_code="0312345678")
    make_organisation(
        session, name="Báo Tuổi Trẻ", slug="tuoi-tre", tax_code="0300000001", kind="media_outlet"
    )
    make_organisation(
        session, name="Chi nhánh Sen Việt", slug="sen-viet-cn", tax_code="0312345678-001"
    )
    membership_service.change_organisation_membership(
        session,
        actor=SYSTEM,
        slug="tuoi-tre",
        change=MembershipChange(action=MembershipAction.ADMIT),
        current_coc="2025.1",
    )
    session.commit()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "sen viet"}, ["sen-viet-cn", "sen-viet"]),
        ({"q": "TUỔI"}, ["tuoi-tre"]),
        ({"q": "0312345678-001"}, ["sen-viet-cn"]),
        ({"kind": "media_outlet"}, ["tuoi-tre"]),
        ({"membership": "member"}, ["tuoi-tre"]),
        ({"q": "%"}, []),
    ],
)
def test_organisation_search(
    client: TestClient, organisations: None, params: dict[str, str], expected: list[str]
) -> None:
    body = client.get("/api/v1/organisations", params=params).json()

    assert [item["slug"] for item in body["items"]] == expected
    assert body["total"] == len(expected)


def test_pages_of_equal_names_cover_every_organisation_once(
    client: TestClient, session: Session
) -> None:
    for n in range(7):
        make_organisation(session, name="Cửa hàng", tax_code=f"010000000{n}")

    seen = [
        item["slug"]
        for page in (1, 2, 3, 4)
        for item in client.get(
            "/api/v1/organisations", params={"page": page, "per_page": 2}
        ).json()["items"]
    ]

    assert sorted(seen) == sorted(set(seen))
    assert len(seen) == 7


@pytest.mark.parametrize("tax_code", ["123", "03123456789", "0312345678-1", "abcdefghij"])
def test_malformed_tax_code_is_refused(tax_code: str) -> None:
    with pytest.raises(ValidationError):
        OrganisationCreate.model_validate({"name": "X", "kind": "business", "tax_code": tax_code})


def test_tax_code_already_registered_names_its_owner(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    make_organisation(session, slug="sen-viet", tax_code="0312345678")

    response = client.post(
        "/api/v1/organisations",
        json={"name": "Khác", "kind": "agency", "tax_code": "0312345678"},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["owner"]) == ("duplicate", "sen-viet")
