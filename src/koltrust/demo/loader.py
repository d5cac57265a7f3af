"""Loads the bundled demo data: influencers in every membership state, organisations, one
user per role (and a trusted flagger's), fact-checks, and cases in every state with their
reports, decisions and sanctions, and everyone's trust score with a year of monthly history.
Safe to run again: nothing is duplicated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from koltrust.auth import repository as auth_repository
from koltrust.auth.permissions import SYSTEM, Role
from koltrust.auth.schemas import UserCreate
from koltrust.auth.service import create_user
from koltrust.claims import service as fact_checks
from koltrust.config import Settings
from koltrust.db.types import utcnow
from koltrust.demo.cases import cast_of, load_cases
from koltrust.demo.certificates import issue_demo_certificates, load_post_histories
from koltrust.demo.media import load_demo_media
from koltrust.demo.trust_inputs import load_trust_inputs
from koltrust.registry import importer, repository
from koltrust.registry.identity import prove
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from koltrust.registry.models import Influencer, VerificationLevel
from koltrust.registry.organisation_service import create_organisation, update_organisation
from koltrust.registry.schemas import OrganisationCreate, OrganisationUpdate
from koltrust.trust import score_writes
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.service import ScoringTerms, recompute_all

# the moves that lead from no membership to each demo state
PATHS: dict[str, list[tuple[MembershipAction, str]]] = {
    "none": [],
    "applicant": [(MembershipAction.APPLY, "")],
    "member": [(MembershipAction.ADMIT, "")],
    "suspended": [
        (MembershipAction.ADMIT, ""),
        (MembershipAction.SUSPEND, "Quảng cáo thực phẩm chức năng như thuốc chữa bệnh"),
    ],
    "expelled": [
        (MembershipAction.ADMIT, ""),
        (MembershipAction.EXPEL, "Tái phạm nhiều lần sau khi bị đình chỉ"),
    ],
    "withdrawn": [(MembershipAction.ADMIT, ""), (MembershipAction.WITHDRAW, "Tự nguyện rút")],
}


TRUSTED_FLAGGER = "tin-nhanh-phuong-nam"


@dataclass(frozen=True)
class DemoLogin:
    """A demo account printed for the newcomer."""

    email: str
    password: str
    role: Role
    influencer_slug: str | None = None
    organisation_slug: str | None = None


DEMO_LOGINS = (
    DemoLogin("admin@demo.koltrust.vn", "demo-admin-2025", Role.ADMIN),
    DemoLogin("analyst@demo.koltrust.vn", "demo-analyst-2025", Role.ANALYST),
    DemoLogin("influencer@demo.koltrust.vn", "demo-influencer-2025", Role.INFLUENCER),
    DemoLogin("business@demo.koltrust.vn", "demo-business-2025", Role.BUSINESS),
    DemoLogin("platform@demo.koltrust.vn", "demo-platform-2025", Role.PLATFORM),
    # a newsroom the alliance designated a trusted flagger: its reports go first
    DemoLogin(
        "flagger@demo.koltrust.vn",
        "demo-flagger-2025",
        Role.BUSINESS,
        organisation_slug=TRUSTED_FLAGGER,
    ),
)


def _records(name: str) -> list[dict[str, Any]]:
    text = files("koltrust.demo").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_demo(session: Session, settings: Settings) -> dict[str, int]:
    """Load everything; returns how many records of each kind the demo holds."""
    people = _records("influencers.jsonl")
    organisations = _records("organisations.jsonl")
    _load_organisations(session, organisations)
    _load_influencers(session, settings, people)
    _load_users(session, people, organisations)
    claims = _load_fact_checks(session)
    cast = cast_of(
        session,
        analyst="analyst@demo.koltrust.vn",
        admin="admin@demo.koltrust.vn",
        flagger="flagger@demo.koltrust.vn",
    )
    cases = load_cases(session, settings, cast)
    inputs = load_trust_inputs(session, slugs=[p["slug"] for p in people], now=utcnow())
    histories = load_post_histories(session, settings, now=utcnow())
    # last, so that the scores read everything the demo holds
    scores = _score_everyone(session, settings)
    certified = issue_demo_certificates(session, settings, analyst=cast.analyst, now=utcnow())
    media = load_demo_media(session, settings, analyst=cast.analyst)
    session.commit()
    return {
        "cases": cases,
        "influencers": len(people),
        "organisations": len(organisations),
        "users": len(DEMO_LOGINS),
        "fact_checks": claims,
        "trust_scores": scores,
        "history_posts": histories,
        "certificates": certified,
        "media": len(media),
        **inputs,
    }


# months of score history the demo computes (one point a month), so the chart has a past
HISTORY_MONTHS = 12


def _score_everyone(session: Session, settings: Settings) -> int:
    """Score everyone as of each month of the past year (the first load only), then now.
    Facts are gathered as of each moment, so the history follows the demo's dated posts,
    decisions and sanctions."""
    terms = ScoringTerms.from_settings(settings)
    now = utcnow()
    if not score_writes.any_history(session, ScoreTrigger.SCHEDULE):
        for months in range(HISTORY_MONTHS, 0, -1):
            moment = now - timedelta(days=30 * months)
            recompute_all(session, trigger=ScoreTrigger.SCHEDULE, now=moment, terms=terms)
    result = recompute_all(session, trigger=ScoreTrigger.SCHEDULE, now=now, terms=terms)
    if result.failed:
        failure = result.failed[0]
        raise ValueError(f"demo influencer {failure.influencer_id}: {failure.message}")
    return result.computed


def _load_fact_checks(session: Session) -> int:
    """The demo ClaimReview file (health myths and scams by an invented fact-checker)."""
    data = files("koltrust.demo").joinpath("data/fact_checks.json").read_bytes()
    report = fact_checks.import_file(
        session, actor=SYSTEM, data=data, file_format="claimreview", source="demo/fact_checks.json"
    )
    if report.rejects:
        raise ValueError(f"demo fact-check {report.rejects[0].where} rejected")
    return report.added + report.already_stored


def _load_organisations(session: Session, records: list[dict[str, Any]]) -> None:
    for record in records:
        if repository.organisation_by_slug(session, record["slug"]) is None:
            create_organisation(session, actor=SYSTEM, data=OrganisationCreate(**record))
    flagger = repository.organisation_by_slug(session, TRUSTED_FLAGGER)
    if flagger is not None and not flagger.trusted_flagger:
        update_organisation(
            session,
            actor=SYSTEM,
            slug=TRUSTED_FLAGGER,
            changes=OrganisationUpdate(trusted_flagger=True, version=flagger.version),
        )


def _load_influencers(session: Session, settings: Settings, records: list[dict[str, Any]]) -> None:
    profiles = [
        importer.SourceRow(
            n, {k: v for k, v in r.items() if k not in ("membership", "verification")}
        )
        for n, r in enumerate(records, start=1)
    ]
    report = importer.import_rows(
        session, actor=SYSTEM, rows=iter(profiles), batch_size=settings.import_batch_size
    )
    if report.rejects:
        row, reason = report.rejects[0]
        raise ValueError(f"demo data line {row.line} rejected: {reason}")
    for record in records:
        influencer = repository.influencer_by_slug(session, record["slug"])
        assert influencer is not None
        _verify(influencer, record["verification"], settings)
        if influencer.membership is None:
            _walk_membership(session, settings, record["slug"], record["membership"])


def _verify(influencer: Influencer, verification: dict[str, Any], settings: Settings) -> None:
    level = VerificationLevel(verification["level"])
    if influencer.verification_level is level or level is VerificationLevel.NONE:
        return
    proof = prove(level, verification["id_number"], key=settings.identity_hash_key())
    influencer.verification_level = level
    influencer.verified_id_hash, influencer.verified_id_last4 = proof.digest, proof.last4


def _walk_membership(session: Session, settings: Settings, slug: str, state: str) -> None:
    for action, reason in PATHS[state]:
        change_influencer_membership(
            session,
            actor=SYSTEM,
            slug=slug,
            change=MembershipChange(action, reason),
            current_coc=settings.code_of_conduct_version,
        )


def _load_users(
    session: Session, people: list[dict[str, Any]], organisations: list[dict[str, Any]]
) -> None:
    member = next(p["slug"] for p in people if p["membership"] == "member")
    business = next(o["slug"] for o in organisations if o["kind"] == "business")
    platform = next(o["slug"] for o in organisations if o["kind"] == "platform")
    links = {
        Role.INFLUENCER: (member, None),
        Role.BUSINESS: (None, business),
        Role.PLATFORM: (None, platform),
    }
    for login in DEMO_LOGINS:
        if auth_repository.user_by_email(session, login.email) is not None:
            continue
        influencer_slug, organisation_slug = links.get(login.role, (None, None))
        organisation_slug = login.organisation_slug or organisation_slug
        create_user(
            session,
            actor=SYSTEM,
            data=UserCreate(
                email=login.email,
                display_name=f"Demo {login.email.partition('@')[0]}",
                role=login.role,
                password=login.password,
                influencer_slug=influencer_slug,
                organisation_slug=organisation_slug,
            ),
        )
