"""Case form data to service input, and due-process errors to messages in the user's words."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from koltrust.errors import (
    AppealWindowOpen,
    DeadlinePassed,
    InvalidTransition,
    KoltrustError,
    ReplyWindowOpen,
    SameAnalyst,
    StaleVersion,
    ValidationFailed,
)
from koltrust.web import forms
from koltrust.web.i18n import N_

FIELD_MESSAGES = {
    "reason": N_("Give a reason: say why."),
    "reasoning": N_("Give your reasoning: the influencer and any appeal will read it."),
    "text": N_("Write your reply, in at most 5,000 characters."),
    "rule_ids": N_("Tick at least one rule the posts violate."),
    "outcome": N_("Choose an outcome."),
    "severity": N_(
        "None of the ticked rules has a finding in this case: choose the severity yourself."
    ),
    "sanction": N_("Choose a sanction from the list."),
    "duration_days": N_("Enter a whole number of days from 1 to 3650, or leave it empty."),
    "evidence_urls": N_(
        "Enter at most 10 web addresses starting with http:// or https://, one per line."
    ),
}
STALE = N_(
    "Someone else changed this case while you were reading it. The page now shows the latest "
    "version and your input is kept: check the changes and submit again."
)
STALE_SANCTION = N_(
    "Someone else changed this sanction meanwhile. The list now shows the latest version: "
    "check it and submit again."
)
REPLY_WINDOW_OPEN = N_(
    "The influencer may still reply until %(date)s and has not yet. Decide after their reply "
    "or once that time has passed."
)
APPEAL_WINDOW_OPEN = N_(
    "The decision may still be appealed until %(date)s. The case can be closed after that."
)
DEADLINE_PASSED = N_("The deadline for this has passed.")
SAME_ANALYST = N_("You made the decision under appeal: another analyst must decide the appeal.")
INVALID_TRANSITION = N_("This is not possible in the case's current state.")
NOT_POSSIBLE = N_("This could not be done: %(detail)s")

Errors = dict[str, str]
MAX_VERSION = 2_147_483_647


def decision_data(form: FormData) -> dict[str, Any]:
    """A DecisionIn dict from the decision form (empty choices mean the policy's default)."""
    return {
        "outcome": forms.text(form, "outcome"),
        "rule_ids": [value for value in form.getlist("rule_ids") if isinstance(value, str)],
        "reasoning": forms.text(form, "reasoning").replace("\r\n", "\n"),
        "expected_version": forms.text(form, "expected_version"),
        "severity": forms.optional(form, "severity"),
        "sanction": forms.optional(form, "sanction"),
        "duration_days": forms.optional(form, "duration_days"),
    }


def expected_version(form: FormData) -> int:
    """The case version the form was read at."""
    raw = forms.text(form, "expected_version")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_VERSION:
        raise ValidationFailed("expected_version must be a whole number from 1", field="version")
    return int(raw)


def form_values(form: FormData) -> dict[str, Any]:
    """What the user entered, to put back in the form."""
    values: dict[str, Any] = forms.values(form)
    values["rule_ids"] = [value for value in form.getlist("rule_ids") if isinstance(value, str)]
    return values


def urls(form: FormData, name: str = "evidence_urls") -> list[str]:
    """The non-empty lines of a text area of web addresses."""
    return [line.strip() for line in forms.text(form, name).splitlines() if line.strip()]


def _dated(message: str, error: KoltrustError, key: str) -> dict[str, str]:
    return {"": message, "date": str(error.data.get(key, ""))}


def error_messages(error: KoltrustError) -> Errors:
    """Messages keyed by field ('' for the form as a whole); ``date`` (ISO) fills %(date)s
    and ``detail`` fills %(detail)s."""
    if isinstance(error, StaleVersion):
        return {"": STALE}
    if isinstance(error, ReplyWindowOpen):
        return _dated(REPLY_WINDOW_OPEN, error, "reply_due_at")
    if isinstance(error, AppealWindowOpen):
        return _dated(APPEAL_WINDOW_OPEN, error, "appeal_due_at")
    if isinstance(error, DeadlinePassed):
        return {"": DEADLINE_PASSED}
    if isinstance(error, SameAnalyst):
        return {"": SAME_ANALYST}
    if isinstance(error, InvalidTransition):
        return {"": INVALID_TRANSITION}
    if isinstance(error, ValidationFailed):
        found = forms.field_errors(error)
        mapped = {name: FIELD_MESSAGES[name] for name in found if name in FIELD_MESSAGES}
        return mapped or {"": NOT_POSSIBLE, "detail": error.detail}
    return {"": NOT_POSSIBLE, "detail": error.detail}
