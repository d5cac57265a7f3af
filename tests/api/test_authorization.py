"""Who may do what: the role x action table over the API, the same policy against
``is_allowed`` for every Action, and the services refusing on their own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from koltrust.auth.permissions import ANONYMOUS, SYSTEM, Action, Actor, Role, is_allowed
from koltrust.auth.schemas import TokenCreate, UserCreate
from koltrust.auth.service import create_token, create_user
from koltrust.campaigns.schemas import CampaignCreate
from koltrust.campaigns.service import create_campaign
from koltrust.config import Settings
from koltrust.errors import Forbidden, KoltrustError, Unauthenticated
from koltrust.registry import membership_service, organisation_service, service
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange
from koltrust.registry.models import VerificationLevel
from koltrust.registry.schemas import (
    AccountIn,
    IdentityVerificationIn,
    InfluencerCreate,
    InfluencerUpdate,
    OrganisationCreate,
    OrganisationUpdate,
)
from tests.api.staging import Stage, staged
from tests.factories import headers_for, make_influencer, make_organisation
from tests.trust.scored import SCENARIOS, give_score

ACTORS = (
    "anonymous",
    "admin",
    "analyst",
    "influencer_self",
    "influencer_other",
    "business",
    "platform",
)
TARGET, OTHER = "target-person", "other-person"
TARGET_ORG, OTHER_ORG = "target-org", "other-org"
CAMPAIGN = "chien-dich-thu"
COC = "2025.1"


def _row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(ACTORS)
    return dict(zip(ACTORS, statuses, strict=True))


def everyone(status: int) -> dict[str, int]:
    return _row(*[status] * len(ACTORS))


def admin_only(status: int) -> dict[str, int]:
    return _row(401, status, 403, 403, 403, 403, 403)


def admin_or_self(status: int) -> dict[str, int]:
    return _row(401, status, 403, status, 403, 403, 403)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    expected: dict[str, int]
    body: dict[str, Any] | list[Any] | None = None
    influencer_status: str | None = None  # the target's membership before the request
    organisation_status: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


ENDPOINTS = [
    Endpoint("list_influencers", "GET", "/influencers", everyone(200)),
    Endpoint("get_influencer", "GET", f"/influencers/{TARGET}", everyone(200)),
    Endpoint("list_organisations", "GET", "/organisations", everyone(200)),
    Endpoint("list_memberships", "GET", "/memberships", everyone(200)),
    Endpoint("check_a_draft_post", "POST", "/screen", everyone(200), body={"text": "Xin chào"}),
    Endpoint("list_accounts", "GET", "/accounts", everyone(200)),
    Endpoint("trust_score", "GET", f"/influencers/{TARGET}/score", everyone(200)),
    Endpoint("trust_score_history", "GET", f"/influencers/{TARGET}/score/history", everyone(200)),
    Endpoint("trust_directory", "GET", "/directory", everyone(200), params={"min_score": "0"}),
    Endpoint(
        "membership_history",
        "GET",
        f"/influencers/{TARGET}/membership/events",
        _row(401, 200, 200, 200, 403, 403, 403),
    ),
    Endpoint(
        "create_influencer",
        "POST",
        "/influencers",
        admin_only(201),
        body={"display_name": "Mới Tạo", "niche": "food", "province": "hue"},
    ),
    Endpoint(
        "update_influencer",
        "PATCH",
        f"/influencers/{TARGET}",
        admin_or_self(200),
        body={"bio": "Cập nhật"},
    ),
    Endpoint("delete_influencer", "DELETE", f"/influencers/{TARGET}", admin_only(204)),
    Endpoint(
        "add_account",
        "POST",
        f"/influencers/{TARGET}/accounts",
        admin_or_self(201),
        body={"platform": "youtube", "handle": "target.yt"},
    ),
    Endpoint(
        "update_account",
        "PATCH",
        f"/influencers/{TARGET}/accounts/{{account_id}}",
        admin_or_self(200),
        body={"followers": 5},
    ),
    Endpoint(
        "remove_account",
        "DELETE",
        f"/influencers/{TARGET}/accounts/{{account_id}}",
        admin_or_self(204),
    ),
    Endpoint(
        "verify_identity",
        "PUT",
        f"/influencers/{TARGET}/verification",
        admin_only(200),
        body={"level": "phone", "id_number": "0912345678"},
    ),
    Endpoint(
        "membership_apply", "POST", f"/influencers/{TARGET}/membership/apply", admin_or_self(200)
    ),
    Endpoint(
        "membership_admit",
        "POST",
        f"/influencers/{TARGET}/membership/admit",
        admin_only(200),
        influencer_status="applicant",
    ),
    Endpoint(
        "membership_suspend",
        "POST",
        f"/influencers/{TARGET}/membership/suspend",
        admin_only(200),
        body={"reason": "Quảng cáo sai sự thật"},
        influencer_status="member",
    ),
    Endpoint(
        "membership_reinstate",
        "POST",
        f"/influencers/{TARGET}/membership/reinstate",
        admin_only(200),
        influencer_status="suspended",
    ),
    Endpoint(
        "membership_expel",
        "POST",
        f"/influencers/{TARGET}/membership/expel",
        admin_only(200),
        body={"reason": "Tái phạm"},
        influencer_status="member",
    ),
    Endpoint(
        "membership_withdraw",
        "POST",
        f"/influencers/{TARGET}/membership/withdraw",
        admin_or_self(200),
        influencer_status="member",
    ),
    Endpoint(
        "organisation_membership_apply",
        "POST",
        f"/organisations/{TARGET_ORG}/membership/apply",
        _row(401, 200, 403, 403, 403, 200, 403),
    ),
    Endpoint(
        "organisation_membership_admit",
        "POST",
        f"/organisations/{TARGET_ORG}/membership/admit",
        admin_only(200),
        organisation_status="applicant",
    ),
    Endpoint(
        "organisation_membership_withdraw",
        "POST",
        f"/organisations/{TARGET_ORG}/membership/withdraw",
        _row(401, 200, 403, 403, 403, 200, 403),
        organisation_status="member",
    ),
    Endpoint(
        "create_organisation",
        "POST",
        "/organisations",
        admin_only(201),
        body={"name": "Công ty Mới", "kind": "agency", "tax_code": "0109999999"},
    ),
    Endpoint(
        "update_organisation",
        "PATCH",
        f"/organisations/{TARGET_ORG}",
        admin_only(200),
        body={"province": "hue"},
    ),
    Endpoint("delete_organisation", "DELETE", f"/organisations/{TARGET_ORG}", admin_only(204)),
    Endpoint("list_users", "GET", "/users", admin_only(200)),
    Endpoint(
        "create_user",
        "POST",
        "/users",
        admin_only(201),
        body={"email": "new.analyst@example.org", "display_name": "Mới", "role": "analyst"},
    ),
    Endpoint("audit_events", "GET", "/audit/events", admin_only(200)),
    Endpoint("audit_verify", "GET", "/audit/verify", admin_only(200)),
    Endpoint(
        "create_own_token",
        "POST",
        "/tokens",
        _row(401, 201, 201, 201, 201, 201, 201),
        body={"name": "mine"},
    ),
    # trust-index inputs: statistics, campaigns, corrections
    Endpoint(
        "import_account_stats",
        "POST",
        "/accounts/stats",
        _row(401, 200, 200, 403, 403, 403, 403),
        body=[
            {
                "platform": "tiktok",
                "handle": "target.tt",
                "as_of": "2025-01-01",
                "followers": 1200,
                "following": 80,
                "posts": 40,
                "engagement_per_post": 60,
            }
        ],
    ),
    Endpoint("influencer_audience", "GET", f"/influencers/{TARGET}/audience", everyone(200)),
    Endpoint("list_campaigns", "GET", "/campaigns", everyone(200)),
    Endpoint("list_media", "GET", "/media", _row(401, 200, 200, 403, 403, 403, 200)),
    Endpoint("get_campaign", "GET", f"/campaigns/{CAMPAIGN}", everyone(200)),
    Endpoint("certificate_history", "GET", f"/influencers/{TARGET}/certificates", everyone(200)),
    Endpoint(
        "create_campaign",
        "POST",
        "/campaigns",
        admin_only(201),
        body={"name": "Chiến dịch Mới", "starts_on": "2025-01-01"},
    ),
    Endpoint(
        "join_campaign",
        "POST",
        f"/campaigns/{CAMPAIGN}/participants",
        _row(401, 201, 201, 403, 403, 403, 403),
        body={"influencer": TARGET, "joined_at": "2025-01-02"},
    ),
    Endpoint("list_corrections", "GET", f"/influencers/{TARGET}/corrections", everyone(200)),
    Endpoint(
        "add_correction",
        "POST",
        f"/influencers/{TARGET}/corrections",
        _row(401, 201, 201, 201, 403, 403, 403),
        body={"url": "https://example.org/dinh-chinh", "published_at": "2025-01-05"},
    ),
]


@dataclass
class World:
    """The stage, the target account and one set of API headers per actor."""

    stage: Stage
    account_id: int
    headers: dict[str, dict[str, str]]


def _set_membership(session: Session, slug: str, status: str | None, *, org: bool) -> None:
    path = {
        None: [],
        "applicant": [MembershipAction.APPLY],
        "member": [MembershipAction.ADMIT],
        "suspended": [MembershipAction.ADMIT, MembershipAction.SUSPEND],
    }[status]
    change = (
        membership_service.change_organisation_membership
        if org
        else membership_service.change_influencer_membership
    )
    for action in path:
        change(
            session,
            actor=SYSTEM,
            slug=slug,
            change=MembershipChange(action=action, reason="setting the stage"),
            current_coc=COC,
        )
    session.commit()


def _build(session: Session) -> tuple[int, dict[str, dict[str, str]]]:
    target = make_influencer(
        session,
        display_name="Người Mục Tiêu",
        slug=TARGET,
        accounts=[{"platform": "tiktok", "handle": "target.tt"}],
    )
    make_influencer(session, display_name="Người Khác", slug=OTHER)
    create_campaign(
        session,
        actor=SYSTEM,
        data=CampaignCreate(name="Chiến dịch thử", slug=CAMPAIGN, starts_on=date(2025, 1, 1)),
    )
    give_score(session, target, SCENARIOS["caution"])
    make_organisation(session, name="Mục Tiêu", slug=TARGET_ORG, tax_code="0100000001")
    make_organisation(
        session, name="Nền tảng", slug=OTHER_ORG, tax_code="0100000002", kind="platform"
    )
    headers = {
        "anonymous": {},
        "admin": headers_for(session, Role.ADMIN),
        "analyst": headers_for(session, Role.ANALYST),
        "influencer_self": headers_for(session, Role.INFLUENCER, influencer_slug=TARGET),
        "influencer_other": headers_for(session, Role.INFLUENCER, influencer_slug=OTHER),
        "business": headers_for(session, Role.BUSINESS, organisation_slug=TARGET_ORG),
        "platform": headers_for(session, Role.PLATFORM, organisation_slug=OTHER_ORG),
    }
    return target.accounts[0].id, headers


@pytest.fixture(scope="module")
def world(engine: Engine, settings: Settings) -> Iterator[World]:
    """Built once per backend: every test in this module works inside savepoints of it."""
    with staged(engine, settings) as stage:
        with stage.factory() as session:
            account_id, headers = _build(session)
        yield World(stage, account_id, headers)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_each_role_gets_the_expected_status(endpoint: Endpoint, world: World) -> None:
    stage = world.stage
    path = "/api/v1" + endpoint.path.format(account_id=world.account_id)
    actual: dict[str, int] = {}

    with stage.attempt() as session:
        _set_membership(session, TARGET, endpoint.influencer_status, org=False)
        _set_membership(session, TARGET_ORG, endpoint.organisation_status, org=True)
        for actor in ACTORS:
            with stage.attempt():  # each actor acts on the same untouched records
                response = stage.client.request(
                    endpoint.method,
                    path,
                    json=endpoint.body,
                    params=endpoint.params,
                    headers=world.headers[actor],
                )
            actual[actor] = response.status_code
            if response.status_code >= 400:
                assert response.json()["code"] in {"unauthenticated", "forbidden"}, response.text

    assert actual == endpoint.expected


def _route_template(path: str) -> str:
    path = path.replace(TARGET_ORG, "{slug}").replace(TARGET, "{slug}")
    path = path.replace(CAMPAIGN, "{slug}")
    head, sep, action = path.partition("/membership/")
    return head + sep + "{action}" if sep and action != "events" else path


def test_table_covers_every_route_of_the_api(world: World) -> None:
    # read from the OpenAPI document: FastAPI may wrap included routers, hiding APIRoute objects
    paths = world.stage.app.openapi()["paths"]
    routes = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in paths.items()
        for method in operations
    }
    assert len(routes) > 30, "the API's routes were not found"
    covered = {(e.method, _route_template(e.path)) for e in ENDPOINTS}
    # public reads without a subject, and token revocation (tests/auth/test_tokens.py)
    elsewhere = {
        ("GET", "/reference/provinces"),
        ("GET", "/reference/niches"),
        ("GET", "/reference/platforms"),
        ("GET", "/me"),
        ("GET", "/organisations/{slug}"),
        ("DELETE", "/tokens/{token_id}"),
        # stored posts: role by role in tests/content/test_authorization.py
        ("POST", "/posts"),
        ("POST", "/posts/batch"),
        ("GET", "/posts"),
        ("GET", "/posts/{post_id}"),
        ("GET", "/posts/{post_id}/findings"),
        # fact-checks and claim matching: role by role in tests/claims/test_api.py
        ("GET", "/fact-checks"),
        ("GET", "/fact-checks/{fact_check_id}"),
        ("POST", "/fact-checks"),
        ("POST", "/claims/match"),
        # cases: role by role in tests/cases/test_api.py
        ("POST", "/cases"),
        ("GET", "/cases"),
        ("GET", "/cases/{case_id}"),
        ("POST", "/cases/{case_id}/moves"),
        # reports: role by role in tests/reports/test_api.py
        ("POST", "/reports"),
        ("GET", "/reports"),
        ("GET", "/reports/{report_id}"),
        # due process: tests/cases/test_due_process_api.py
        ("POST", "/cases/{case_id}/replies"),
        ("POST", "/cases/{case_id}/decision"),
        ("POST", "/cases/{case_id}/appeal"),
        ("POST", "/cases/{case_id}/appeal-decision"),
        # triage: tests/triage/
        ("GET", "/queue"),
        ("POST", "/queue/dismissals"),
        ("POST", "/queue/cases"),
        ("POST", "/cases/{case_id}/items"),
        ("POST", "/cases/{case_id}/assignment"),
        # sanctions, points, notifications: role by role in tests/sanctions/test_api_roles.py
        ("GET", "/sanctions"),
        ("GET", "/sanctions/{sanction_id}"),
        ("POST", "/sanctions/{sanction_id}/lift"),
        ("GET", "/influencers/{slug}/points"),
        ("POST", "/influencers/{slug}/training-credits"),
        ("GET", "/notifications"),
        ("POST", "/notifications/read"),
        # notices and webhooks: role by role in tests/notices/test_api.py
        ("GET", "/notices"),
        ("POST", "/webhooks"),
        ("GET", "/webhooks"),
        ("DELETE", "/webhooks/{webhook_id}"),
        ("GET", "/webhooks/{webhook_id}/deliveries"),
        # certificates: issue, verify, revoke role by role in tests/trust/test_certificates_api.py
        ("POST", "/influencers/{slug}/certificates"),
        ("GET", "/certificates/{code}"),
        ("POST", "/certificates/{code}/revoke"),
        # media uploads are multipart: role by role in tests/media/test_api.py
        ("POST", "/media"),
        ("GET", "/media/{media_id}"),
    }

    assert routes - covered - elsewhere == set()


def test_private_fields_are_shown_only_to_those_allowed(world: World) -> None:
    stage = world.stage
    with stage.attempt() as session:
        target = service.verify_identity(
            session,
            actor=SYSTEM,
            slug=TARGET,
            data=IdentityVerificationIn(level=VerificationLevel.PHONE, id_number="0912345678"),
            key=b"k",
        )
        session.commit()
        assert target.verified_id_last4 == "5678"

        sees_last4 = {
            actor: "verified_id_last4"
            in stage.client.get(
                f"/api/v1/influencers/{TARGET}", headers=world.headers[actor]
            ).json()
            for actor in ACTORS
        }

    assert sees_last4 == {
        "anonymous": False,
        "admin": True,
        "analyst": True,
        "influencer_self": True,
        "influencer_other": False,
        "business": False,
        "platform": False,
    }


# --- the policy itself -------------------------------------------------------------------

ALL_ROLES = frozenset(Role)
# action -> (roles allowed on anything, roles allowed only on their own profile/organisation)
EXPECTED_POLICY: dict[Action, tuple[frozenset[Role], frozenset[Role]]] = {
    Action.READ_REGISTRY: (ALL_ROLES, frozenset()),
    Action.CHECK_POST: (ALL_ROLES, frozenset()),
    Action.CREATE_INFLUENCER: (frozenset({Role.ADMIN}), frozenset()),
    Action.UPDATE_INFLUENCER: (frozenset({Role.ADMIN}), frozenset({Role.INFLUENCER})),
    Action.DELETE_INFLUENCER: (frozenset({Role.ADMIN}), frozenset()),
    Action.MANAGE_ACCOUNTS: (frozenset({Role.ADMIN}), frozenset({Role.INFLUENCER})),
    Action.VERIFY_IDENTITY: (frozenset({Role.ADMIN}), frozenset()),
    Action.READ_PRIVATE: (
        frozenset({Role.ADMIN, Role.ANALYST}),
        frozenset({Role.INFLUENCER, Role.BUSINESS}),
    ),
    Action.MANAGE_ORGANISATIONS: (frozenset({Role.ADMIN}), frozenset()),
    Action.APPLY_MEMBERSHIP: (
        frozenset({Role.ADMIN}),
        frozenset({Role.INFLUENCER, Role.BUSINESS}),
    ),
    Action.DECIDE_MEMBERSHIP: (frozenset({Role.ADMIN}), frozenset()),
    Action.WITHDRAW_MEMBERSHIP: (
        frozenset({Role.ADMIN}),
        frozenset({Role.INFLUENCER, Role.BUSINESS}),
    ),
    Action.MANAGE_USERS: (frozenset({Role.ADMIN}), frozenset()),
    Action.CREATE_OWN_TOKEN: (ALL_ROLES, frozenset()),
    Action.READ_AUDIT: (frozenset({Role.ADMIN}), frozenset()),
    Action.SUBMIT_POSTS: (frozenset({Role.ADMIN, Role.ANALYST, Role.PLATFORM}), frozenset()),
    Action.READ_POSTS: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset({Role.INFLUENCER})),
    Action.READ_FACT_CHECKS: (ALL_ROLES, frozenset()),
    Action.MANAGE_FACT_CHECKS: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset()),
    Action.READ_CASES: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset({Role.INFLUENCER})),
    Action.MANAGE_CASES: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset()),
    Action.APPEAL_CASES: (frozenset(), frozenset({Role.INFLUENCER})),
    Action.SUBMIT_REPORTS: (ALL_ROLES, frozenset()),
    Action.READ_REPORTS: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset()),
    Action.READ_NOTICES: (frozenset({Role.ADMIN, Role.ANALYST, Role.PLATFORM}), frozenset()),
    Action.MANAGE_WEBHOOKS: (frozenset({Role.ADMIN}), frozenset()),
    Action.IMPORT_ACCOUNT_STATS: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset()),
    Action.MANAGE_CAMPAIGNS: (frozenset({Role.ADMIN}), frozenset()),
    Action.RECORD_PARTICIPATION: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset()),
    Action.RECORD_CORRECTIONS: (
        frozenset({Role.ADMIN, Role.ANALYST}),
        frozenset({Role.INFLUENCER}),
    ),
    Action.ISSUE_CERTIFICATES: (frozenset({Role.ADMIN, Role.ANALYST}), frozenset()),
    Action.REVOKE_CERTIFICATES: (frozenset({Role.ADMIN}), frozenset()),
}
OWN_INFLUENCER, OWN_ORG, SOMEONE_ELSE = 7, 11, 99


def test_expected_policy_names_every_action() -> None:
    assert set(EXPECTED_POLICY) == set(Action)


def _actor(role: Role | None) -> Actor:
    if role is None:
        return ANONYMOUS
    return Actor(
        label=f"test:{role}",
        role=role,
        user_id=1,
        influencer_id=OWN_INFLUENCER,
        organisation_id=OWN_ORG,
    )


TARGETS: dict[str, dict[str, int | None]] = {
    "own_influencer": {"influencer_id": OWN_INFLUENCER},
    "own_organisation": {"organisation_id": OWN_ORG},
    "other_influencer": {"influencer_id": SOMEONE_ELSE},
    "other_organisation": {"organisation_id": SOMEONE_ELSE},
    "no_target": {},
}


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_is_allowed_follows_the_expected_policy(action: Action) -> None:
    any_roles, own_roles = EXPECTED_POLICY[action]
    for role in [None, *Role]:
        for target_name, target in TARGETS.items():
            owns = target_name.startswith("own_")
            if role is None:
                expected = action in {
                    Action.READ_REGISTRY,
                    Action.CHECK_POST,
                    Action.READ_FACT_CHECKS,
                    Action.SUBMIT_REPORTS,
                }
            else:
                expected = role in any_roles or (role in own_roles and owns)
            allowed = is_allowed(_actor(role), action, **target)
            assert allowed is expected, (role, target_name)


def test_a_user_linked_to_nothing_owns_nothing() -> None:
    unlinked = Actor(label="test:unlinked", role=Role.INFLUENCER, user_id=1)

    assert not is_allowed(unlinked, Action.UPDATE_INFLUENCER)
    assert not is_allowed(unlinked, Action.UPDATE_INFLUENCER, influencer_id=None)


# --- the services check on their own (the CLI and the web pages call them directly) ---------


ServiceCall = Callable[[Session, Actor], object]


def _membership(action: MembershipAction, *, org: bool = False) -> ServiceCall:
    change = MembershipChange(action=action, reason="because")
    if org:
        return lambda s, a: membership_service.change_organisation_membership(
            s, actor=a, slug=TARGET_ORG, change=change, current_coc=COC
        )
    return lambda s, a: membership_service.change_influencer_membership(
        s, actor=a, slug=TARGET, change=change, current_coc=COC
    )


SERVICE_CALLS: dict[str, ServiceCall] = {
    "create_influencer": lambda s, a: service.create_influencer(
        s,
        actor=a,
        data=InfluencerCreate(display_name="X", niche="food", province="hue"),
    ),
    "update_influencer": lambda s, a: service.update_influencer(
        s, actor=a, slug=TARGET, changes=InfluencerUpdate(bio="x")
    ),
    "delete_influencer": lambda s, a: service.delete_influencer(s, actor=a, slug=TARGET),
    "add_account": lambda s, a: service.add_account(
        s, actor=a, slug=TARGET, data=AccountIn.model_validate({"platform": "x", "handle": "y"})
    ),
    "verify_identity": lambda s, a: service.verify_identity(
        s,
        actor=a,
        slug=TARGET,
        data=IdentityVerificationIn(level=VerificationLevel.PHONE, id_number="0912345678"),
        key=b"k",
    ),
    "apply_membership": _membership(MembershipAction.APPLY),
    "admit_membership": _membership(MembershipAction.ADMIT),
    "apply_organisation_membership": _membership(MembershipAction.APPLY, org=True),
    "create_organisation": lambda s, a: organisation_service.create_organisation(
        s,
        actor=a,
        data=OrganisationCreate.model_validate(
            {"name": "Y", "kind": "agency", "tax_code": "0101010101"}
        ),
    ),
    "update_organisation": lambda s, a: organisation_service.update_organisation(
        s, actor=a, slug=TARGET_ORG, changes=OrganisationUpdate(province="hue")
    ),
    "delete_organisation": lambda s, a: organisation_service.delete_organisation(
        s, actor=a, slug=TARGET_ORG
    ),
    "create_user": lambda s, a: create_user(
        s,
        actor=a,
        data=UserCreate(email="z@example.org", display_name="Z", role=Role.ADMIN),
    ),
    "token_for_someone_else": lambda s, a: create_token(
        s, actor=a, email="someone@example.org", data=TokenCreate(name="t"), default_days=1
    ),
}


@pytest.mark.parametrize("call", list(SERVICE_CALLS.values()), ids=list(SERVICE_CALLS))
@pytest.mark.parametrize(
    ("who", "error"), [("anonymous", Unauthenticated), ("outsider", Forbidden)]
)
def test_services_refuse_actors_the_policy_refuses(
    world: World, call: ServiceCall, who: str, error: type[KoltrustError]
) -> None:
    # an analyst linked to nothing: may read, may change nothing
    actor = ANONYMOUS if who == "anonymous" else Actor(label="test:outsider", role=Role.ANALYST)

    with world.stage.attempt() as session, pytest.raises(error):
        call(session, actor)
