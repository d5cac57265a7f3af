"""Who may do what. Services call :func:`authorize`; the table below is the whole policy."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from koltrust.errors import Forbidden, Unauthenticated


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    INFLUENCER = "influencer"
    BUSINESS = "business"
    PLATFORM = "platform"


class Action(StrEnum):
    READ_REGISTRY = "read_registry"
    CHECK_POST = "check_post"
    CREATE_INFLUENCER = "create_influencer"
    UPDATE_INFLUENCER = "update_influencer"
    DELETE_INFLUENCER = "delete_influencer"
    MANAGE_ACCOUNTS = "manage_accounts"
    VERIFY_IDENTITY = "verify_identity"
    READ_PRIVATE = "read_private"
    MANAGE_ORGANISATIONS = "manage_organisations"
    APPLY_MEMBERSHIP = "apply_membership"
    DECIDE_MEMBERSHIP = "decide_membership"
    WITHDRAW_MEMBERSHIP = "withdraw_membership"
    MANAGE_USERS = "manage_users"
    CREATE_OWN_TOKEN = "create_own_token"  # noqa: S105 - an action name, not a secret
    READ_AUDIT = "read_audit"
    SUBMIT_POSTS = "submit_posts"
    READ_POSTS = "read_posts"
    READ_FACT_CHECKS = "read_fact_checks"
    MANAGE_FACT_CHECKS = "manage_fact_checks"
    READ_CASES = "read_cases"
    MANAGE_CASES = "manage_cases"
    APPEAL_CASES = "appeal_cases"
    SUBMIT_REPORTS = "submit_reports"
    READ_REPORTS = "read_reports"
    READ_NOTICES = "read_notices"
    MANAGE_WEBHOOKS = "manage_webhooks"
    IMPORT_ACCOUNT_STATS = "import_account_stats"
    MANAGE_CAMPAIGNS = "manage_campaigns"
    RECORD_PARTICIPATION = "record_participation"
    RECORD_CORRECTIONS = "record_corrections"
    ISSUE_CERTIFICATES = "issue_certificates"
    REVOKE_CERTIFICATES = "revoke_certificates"


class Scope(StrEnum):
    """How far a role's permission reaches."""

    ANY = "any"
    OWN = "own"  # only the influencer profile or organisation linked to the user


ANONYMOUS_ACTIONS = frozenset(
    {Action.READ_REGISTRY, Action.CHECK_POST, Action.READ_FACT_CHECKS, Action.SUBMIT_REPORTS}
)

POLICY: dict[Action, dict[Role, Scope]] = {
    Action.READ_REGISTRY: dict.fromkeys(Role, Scope.ANY),
    Action.CHECK_POST: dict.fromkeys(Role, Scope.ANY),
    Action.CREATE_INFLUENCER: {Role.ADMIN: Scope.ANY},
    Action.UPDATE_INFLUENCER: {Role.ADMIN: Scope.ANY, Role.INFLUENCER: Scope.OWN},
    Action.DELETE_INFLUENCER: {Role.ADMIN: Scope.ANY},
    Action.MANAGE_ACCOUNTS: {Role.ADMIN: Scope.ANY, Role.INFLUENCER: Scope.OWN},
    Action.VERIFY_IDENTITY: {Role.ADMIN: Scope.ANY},
    Action.READ_PRIVATE: {
        Role.ADMIN: Scope.ANY,
        Role.ANALYST: Scope.ANY,
        Role.INFLUENCER: Scope.OWN,
        Role.BUSINESS: Scope.OWN,
    },
    Action.MANAGE_ORGANISATIONS: {Role.ADMIN: Scope.ANY},
    Action.APPLY_MEMBERSHIP: {
        Role.ADMIN: Scope.ANY,
        Role.INFLUENCER: Scope.OWN,
        Role.BUSINESS: Scope.OWN,
    },
    Action.DECIDE_MEMBERSHIP: {Role.ADMIN: Scope.ANY},
    Action.WITHDRAW_MEMBERSHIP: {
        Role.ADMIN: Scope.ANY,
        Role.INFLUENCER: Scope.OWN,
        Role.BUSINESS: Scope.OWN,
    },
    Action.MANAGE_USERS: {Role.ADMIN: Scope.ANY},
    Action.CREATE_OWN_TOKEN: dict.fromkeys(Role, Scope.ANY),
    Action.READ_AUDIT: {Role.ADMIN: Scope.ANY},
    # platforms send what members publish; only the alliance and the author read it back
    Action.SUBMIT_POSTS: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY, Role.PLATFORM: Scope.ANY},
    Action.READ_POSTS: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY, Role.INFLUENCER: Scope.OWN},
    # fact-checks are published work: anyone reads them; the alliance's staff import them
    Action.READ_FACT_CHECKS: dict.fromkeys(Role, Scope.ANY),
    Action.MANAGE_FACT_CHECKS: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY},
    # cases: the alliance's staff open, review, decide and close them; the influencer concerned
    # reads their own and appeals
    Action.READ_CASES: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY, Role.INFLUENCER: Scope.OWN},
    Action.MANAGE_CASES: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY},
    Action.APPEAL_CASES: {Role.INFLUENCER: Scope.OWN},
    # anyone may report a post or an influencer, signed in or not; the alliance's staff read them
    Action.SUBMIT_REPORTS: dict.fromkeys(Role, Scope.ANY),
    Action.READ_REPORTS: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY},
    # sanctions as statements of reasons: platforms act on them; only admins point webhooks
    Action.READ_NOTICES: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY, Role.PLATFORM: Scope.ANY},
    Action.MANAGE_WEBHOOKS: {Role.ADMIN: Scope.ANY},
    # trust-index inputs: the alliance's staff import statistics and record who joined its
    # campaigns; only admins create campaigns; an influencer may record their own correction
    Action.IMPORT_ACCOUNT_STATS: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY},
    Action.MANAGE_CAMPAIGNS: {Role.ADMIN: Scope.ANY},
    Action.RECORD_PARTICIPATION: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY},
    Action.RECORD_CORRECTIONS: {
        Role.ADMIN: Scope.ANY,
        Role.ANALYST: Scope.ANY,
        Role.INFLUENCER: Scope.OWN,
    },
    # certificates are read by anyone (READ_REGISTRY); staff issue them, only admins revoke
    Action.ISSUE_CERTIFICATES: {Role.ADMIN: Scope.ANY, Role.ANALYST: Scope.ANY},
    Action.REVOKE_CERTIFICATES: {Role.ADMIN: Scope.ANY},
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, an API client, the CLI operator, or nobody."""

    label: str
    role: Role | None = None
    user_id: int | None = None
    influencer_id: int | None = None
    organisation_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        """True for a visitor who has not signed in."""
        return self.role is None


ANONYMOUS = Actor(label="anonymous")
SYSTEM = Actor(label="system", role=Role.ADMIN)


def is_allowed(
    actor: Actor,
    action: Action,
    *,
    influencer_id: int | None = None,
    organisation_id: int | None = None,
) -> bool:
    """Whether ``actor`` may do ``action`` on the given target (if any)."""
    if actor.role is None:
        return action in ANONYMOUS_ACTIONS
    scope = POLICY[action].get(actor.role)
    if scope is None:
        return False
    if scope is Scope.ANY:
        return True
    owns_influencer = influencer_id is not None and influencer_id == actor.influencer_id
    owns_org = organisation_id is not None and organisation_id == actor.organisation_id
    return owns_influencer or owns_org


def authorize(
    actor: Actor,
    action: Action,
    *,
    influencer_id: int | None = None,
    organisation_id: int | None = None,
) -> None:
    """Raise unless ``actor`` may do ``action``: 401 for anonymous visitors, 403 otherwise."""
    if is_allowed(actor, action, influencer_id=influencer_id, organisation_id=organisation_id):
        return
    if actor.is_anonymous:
        raise Unauthenticated(f"Sign in or send an API token to {action.value.replace('_', ' ')}")
    raise Forbidden(
        f"Role '{actor.role}' may not {action.value.replace('_', ' ')} here", action=action.value
    )
