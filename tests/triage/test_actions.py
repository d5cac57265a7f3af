"""Acting on the queue through the API: attach items to a case, open a case from a group,
dismiss items, assign a case; and the problem+json of items about someone else, unknown ids,
a non-analyst assignee and a stale version."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent
from koltrust.auth.models import User
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.cases import service
from koltrust.cases.models import Case
from koltrust.cases.states import CaseState
from koltrust.registry.models import Influencer
from tests.factories import bearer, make_influencer, make_user, token_for
from tests.triage.helpers import HEALTH, problem, stored_finding, stored_report

A, B = "linh-an", "minh-tu"
UNKNOWN = 2_000_000


class Staff:
    """An analyst's headers and user id."""

    def __init__(self, session: Session, role: Role, slug: str | None = None) -> None:
        email = make_user(session, role, influencer_slug=slug, password=None)
        self.headers = bearer(token_for(session, email))
        self.id = session.scalars(select(User.id).where(User.email == email)).one()


@pytest.fixture
def people(session: Session) -> dict[str, Influencer]:
    return {
        A: make_influencer(session, display_name="Linh An", slug=A),
        B: make_influencer(session, display_name="Minh Tú", slug=B),
    }


@pytest.fixture
def analyst(session: Session, people: dict[str, Influencer]) -> Staff:
    return Staff(session, Role.ANALYST)


def _case(session: Session, slug: str = A) -> Case:
    finding = stored_finding(
        session,
        influencer_id=session.scalars(select(Influencer.id).where(Influencer.slug == slug)).one(),
    )
    case = service.open_case(
        session,
        actor=SYSTEM,
        request=service.CaseRequest(
            influencer_slug=slug, category=HEALTH, finding_ids=[finding.id], reason="seen"
        ),
    )
    session.commit()
    return case


def _post(client: TestClient, staff: Staff, url: str, **body: Any) -> Response:
    response: Response = client.post(url, json=body, headers=staff.headers)
    return response


def _audited(session: Session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- attach ------------------------------------------------------------------------------------


def test_items_about_the_cases_influencer_join_it_and_leave_the_queue(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    case = _case(session)
    finding = stored_finding(session, influencer_id=people[A].id)
    report = stored_report(session, post_id=finding.post_id)
    session.commit()

    response = _post(
        client,
        analyst,
        f"/api/v1/cases/{case.id}/items",
        finding_ids=[finding.id],
        report_ids=[report.id],
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert finding.id in body["finding_ids"]
    assert (body["report_ids"], body["version"]) == ([report.id], 1)
    [attached] = _audited(session, "case.items_attached")
    assert attached.data["report_ids"] == [report.id]
    queue = client.get("/api/v1/queue", headers=analyst.headers).json()
    assert [entry["pending"]["findings"] for entry in queue["items"]] == [0]


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ({"finding_ids": [UNKNOWN]}, "finding_ids"),
        ({"report_ids": [UNKNOWN]}, "report_ids"),
        ({"finding_ids": "foreign"}, "finding_ids"),
        ({"report_ids": "foreign"}, "report_ids"),
        ({}, "finding_ids"),
    ],
)
def test_attaching_unknown_or_foreign_items_is_a_422(
    client: TestClient,
    session: Session,
    people: dict[str, Influencer],
    analyst: Staff,
    items: dict[str, Any],
    field: str,
) -> None:
    case = _case(session)
    foreign = {
        "finding_ids": [stored_finding(session, influencer_id=people[B].id).id],
        "report_ids": [stored_report(session, influencer_id=people[B].id).id],
    }
    session.commit()
    body = {key: foreign[key] if value == "foreign" else value for key, value in items.items()}

    response = _post(client, analyst, f"/api/v1/cases/{case.id}/items", **body)

    assert problem(response, 422, "validation_failed")["field"] == field
    assert _audited(session, "case.items_attached") == []


def test_attaching_to_an_unknown_or_decided_case_or_items_of_another_case_is_refused(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    case, other = _case(session), _case(session)
    decided = _case(session)
    decided.state = CaseState.DECIDED_VIOLATION
    finding = stored_finding(session, influencer_id=people[A].id)
    session.commit()

    unknown = _post(client, analyst, f"/api/v1/cases/{UNKNOWN}/items", finding_ids=[finding.id])
    closed = _post(client, analyst, f"/api/v1/cases/{decided.id}/items", finding_ids=[finding.id])
    taken = _post(client, analyst, f"/api/v1/cases/{case.id}/items", finding_ids=other.finding_ids)

    problem(unknown, 404, "not_found")
    assert problem(closed, 409, "conflict")["current_state"] == "decided_violation"
    assert problem(taken, 422, "validation_failed")["in_cases"] == {
        str(other.finding_ids[0]): other.id
    }


# --- open from a group ------------------------------------------------------------------------


def test_a_case_opens_from_a_group_with_its_findings_and_reports(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    finding = stored_finding(session, influencer_id=people[A].id)
    report = stored_report(session, influencer_id=people[A].id, trusted=True)
    session.commit()
    body = {"influencer": A, "category": HEALTH, "reason": "trusted flagger and a cure claim"}

    opened = _post(
        client,
        analyst,
        "/api/v1/queue/cases",
        finding_ids=[finding.id],
        report_ids=[report.id],
        **body,
    )
    again = _post(client, analyst, "/api/v1/queue/cases", finding_ids=[finding.id], **body)

    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert opened.headers["location"] == f"/api/v1/cases/{case['id']}"
    assert (case["finding_ids"], case["report_ids"]) == ([finding.id], [report.id])
    assert case["events"][0]["reason"] == body["reason"]
    assert problem(again, 409, "conflict")["case_id"] == case["id"]


def test_opening_a_case_on_someone_elses_items_is_a_422_and_opens_nothing(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    report = stored_report(session, influencer_id=people[B].id)
    session.commit()

    response = _post(
        client,
        analyst,
        "/api/v1/queue/cases",
        influencer=A,
        category=HEALTH,
        report_ids=[report.id],
        reason="wrong person",
    )

    assert problem(response, 422, "validation_failed")["ids"] == [report.id]
    assert session.scalars(select(Case)).all() == []


# --- dismiss -----------------------------------------------------------------------------------


def test_dismissed_items_leave_the_queue_and_dismissing_again_keeps_the_first(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    finding = stored_finding(session, influencer_id=people[A].id)
    report = stored_report(session, influencer_id=people[A].id)
    session.commit()
    items = {"finding_ids": [finding.id], "report_ids": [report.id]}

    first = _post(client, analyst, "/api/v1/queue/dismissals", reason="satire", **items)
    again = _post(client, analyst, "/api/v1/queue/dismissals", reason="other", **items)

    assert first.status_code == 200, first.text
    kept = first.json()["dismissals"]
    assert [(d["item_kind"], d["item_id"], d["reason"]) for d in kept] == [
        ("finding", finding.id, "satire"),
        ("report", report.id, "satire"),
    ]
    assert again.json()["dismissals"] == kept
    assert len(_audited(session, "triage.dismiss")) == 2
    assert client.get("/api/v1/queue", headers=analyst.headers).json()["total"] == 0


def test_dismissing_without_a_reason_unknown_items_or_items_in_a_case_is_a_422(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    case = _case(session)
    url = "/api/v1/queue/dismissals"

    silent = _post(client, analyst, url, finding_ids=case.finding_ids, reason=" ")
    unknown = _post(client, analyst, url, report_ids=[UNKNOWN], reason="gone")
    in_case = _post(client, analyst, url, finding_ids=case.finding_ids, reason="nothing")

    problem(silent, 422, "validation_failed")
    assert problem(unknown, 422, "validation_failed")["field"] == "report_ids"
    assert problem(in_case, 422, "validation_failed")["field"] == "finding_ids"
    assert _audited(session, "triage.dismiss") == []


# --- assign ------------------------------------------------------------------------------------


def test_a_case_is_assigned_to_an_analyst_and_unassigned_each_an_event(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    case = _case(session)
    url = f"/api/v1/cases/{case.id}/assignment"

    taken = _post(client, analyst, url, user_id=analyst.id, expected_version=1)
    mine = client.get("/api/v1/queue", params={"assigned_to": "me"}, headers=analyst.headers)
    released = _post(client, analyst, url, user_id=None, expected_version=2)

    assert taken.status_code == 200, taken.text
    assert (taken.json()["assigned_to"], taken.json()["version"]) == (analyst.id, 2)
    assert [entry["case"]["id"] for entry in mine.json()["items"]] == [case.id]
    body = released.json()
    assert (body["assigned_to"], body["version"], body["state"]) == (None, 3, "open")
    moves = [(e["move"], e["seq"], e["data"].get("assigned_to")) for e in body["events"]]
    assert moves[-2:] == [("assign", 2, analyst.id), ("assign", 3, None)]
    assert len(_audited(session, "case.assign")) == 2


def test_assigning_to_someone_not_an_analyst_or_from_a_stale_version_is_refused(
    client: TestClient, session: Session, people: dict[str, Influencer], analyst: Staff
) -> None:
    case = _case(session)
    business = Staff(session, Role.BUSINESS)
    influencer = Staff(session, Role.INFLUENCER, slug=A)
    url = f"/api/v1/cases/{case.id}/assignment"

    outsider = _post(client, analyst, url, user_id=business.id, expected_version=1)
    nobody = _post(client, analyst, url, user_id=UNKNOWN, expected_version=1)
    _post(client, analyst, url, user_id=analyst.id, expected_version=1)
    stale = _post(client, analyst, url, user_id=None, expected_version=1)
    not_staff = _post(client, influencer, url, user_id=analyst.id, expected_version=2)

    assert problem(outsider, 422, "validation_failed")["role"] == "business"
    assert problem(nobody, 422, "validation_failed")["field"] == "user_id"
    assert problem(stale, 409, "stale_version")["current_version"] == 2
    problem(not_staff, 403, "forbidden")
    assert len(_audited(session, "case.assign")) == 1


# --- who may ------------------------------------------------------------------------------------

ROUTES = [
    ("GET", "/api/v1/queue", None),
    ("POST", "/api/v1/queue/dismissals", {"finding_ids": [1], "reason": "r"}),
    ("POST", "/api/v1/queue/cases", {"influencer": A, "category": HEALTH, "reason": "r"}),
    ("POST", "/api/v1/cases/1/items", {"finding_ids": [1]}),
    ("POST", "/api/v1/cases/1/assignment", {"user_id": None, "expected_version": 1}),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), (Role.INFLUENCER, 403), (Role.BUSINESS, 403), (Role.PLATFORM, 403)],
)
def test_only_analysts_and_admins_use_the_queue(
    client: TestClient,
    session: Session,
    people: dict[str, Influencer],
    method: str,
    url: str,
    body: dict[str, Any] | None,
    role: Role | None,
    status: int,
) -> None:
    headers = (
        Staff(session, role, slug=A if role is Role.INFLUENCER else None).headers if role else {}
    )

    response = client.request(method, url, json=body, headers=headers)

    assert response.status_code == status, response.text
