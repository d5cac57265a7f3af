"""The signed-in influencer's own page: their cases, replies, decisions, sanctions, points and
messages; and the two forms that are theirs, the reply and the appeal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from koltrust.api.deps import ActorDep, SessionDep, parse
from koltrust.auth.permissions import Action, Actor, authorize, is_allowed
from koltrust.cases import decisions, replies
from koltrust.cases import repository as cases_repository
from koltrust.cases.due_process import DueProcess
from koltrust.cases.models import Case
from koltrust.cases.schemas import AppealIn, ReplyIn
from koltrust.content.routes import category_labels
from koltrust.db.types import utcnow
from koltrust.errors import Forbidden
from koltrust.notifications import service as notifications
from koltrust.notifications.models import Notification
from koltrust.registry.models import Influencer
from koltrust.sanctions import standing
from koltrust.web import case_forms, forms, i18n, labels
from koltrust.web.case_context import appeal_note, category_name, forms_for, when
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_, gettext
from koltrust.web.routes_cases import FORM_ERRORS, case_page
from koltrust.web.templating import render, set_flash

router = APIRouter()

CaseId = Annotated[int, Path(ge=1, le=2_147_483_647)]
MAX_CASES = 100
MAX_NOTES = 30
NOT_AN_INFLUENCER = "Only an influencer's account has a page of its own cases"
NOTE_TEXTS = {
    "case_opened": N_("A case about your posts was opened; you may reply until %(reply_due_at)s."),
    "case_decided": N_("Case %(case_id)s was decided: %(outcome)s."),
    "sanction_issued": N_("A sanction was issued: %(kind)s, until %(ends_at)s."),
    "appeal_received": N_("Your appeal of case %(case_id)s was received."),
    "appeal_decided": N_("Your appeal of case %(case_id)s was decided: %(outcome)s."),
    "sanction_ended": N_("Your sanction %(sanction_id)s (%(kind)s) is now: %(status)s."),
}
_NOTE_LABELS = {"outcome": "outcome", "kind": "sanction_kind", "status": "sanction_status"}


def _day(value: object, locale: str) -> str:
    if value == "permanent":
        return gettext("permanent")
    try:
        return format_date(date.fromisoformat(str(value)), "long", locale=locale)
    except ValueError:
        return str(value)


def note_text(note: Notification) -> str:
    """The message in the language being rendered (English text of the service otherwise)."""
    template = NOTE_TEXTS.get(note.kind)
    if template is None:
        return notifications.text_of(note)
    locale = i18n.current_locale()
    values: dict[str, Any] = {"case_id": note.case_id, **note.data}
    for key, family in _NOTE_LABELS.items():
        if key in values:
            values[key] = labels.label(family, str(values[key]), locale)
    for key in ("reply_due_at", "appeal_due_at", "ends_at"):
        values[key] = _day(values[key], locale) if key in values else ""
    try:
        return gettext(template) % values
    except (KeyError, TypeError, ValueError):
        return notifications.text_of(note)


def _own_influencer(session: Session, actor: Actor) -> Influencer:
    if actor.influencer_id is None:
        authorize(actor, Action.APPEAL_CASES)  # anonymous: sign in first
        raise Forbidden(NOT_AN_INFLUENCER)
    authorize(actor, Action.READ_CASES, influencer_id=actor.influencer_id)
    influencer = session.get(Influencer, actor.influencer_id)
    if influencer is None:
        raise Forbidden(NOT_AN_INFLUENCER)
    return influencer


def me_context(request: Request, session: Session, actor: Actor) -> dict[str, Any]:
    """Everything the influencer's own page shows."""
    influencer = _own_influencer(session, actor)
    settings = request.app.state.settings
    now, locale = utcnow(), i18n.choose_locale(request, settings.default_locale)
    policy = DueProcess.from_settings(settings).policy
    cases, _ = cases_repository.search_cases(
        session, state=None, influencer_id=influencer.id, offset=0, limit=MAX_CASES
    )
    found = category_labels(request)
    sanctions, _ = standing.search_sanctions(
        session,
        actor=actor,
        now=now,
        status=None,
        influencer_slug=influencer.slug,
        kind=None,
        page=1,
        per_page=MAX_CASES,
    )
    points = standing.standing(session, actor=actor, slug=influencer.slug, policy=policy, now=now)
    notes, unread = notifications.notifications_for(
        session, actor=actor, influencer_id=influencer.id, unread_only=False, limit=MAX_NOTES
    )
    items = [
        {
            "case": case,
            "forms": forms_for(actor, case, now),
            "appeal_note": appeal_note(case, now),
            "category_name": category_name(found, case.category, locale),
        }
        for case in cases
    ]
    return {
        "influencer": influencer,
        "items": items,
        "sanctions": sanctions,
        "points": points.state,
        "notes": notes,
        "unread": unread,
        "note_text": note_text,
        "when": when,
        "now": now,
        "concerned": True,
        "form_back": "me",
    }


def me_page(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: int | None = None,
    *,
    failed: tuple[str, case_forms.Errors, dict[str, Any]] | None = None,
    status_code: int = 200,
) -> Response:
    """The influencer's page; ``failed`` names a refused form of case ``case_id``."""
    if is_allowed(actor, Action.MANAGE_CASES) and actor.influencer_id is None:
        return RedirectResponse("/cases", status_code=303)
    context = me_context(request, session, actor)
    name, errors, values = failed or ("", {}, {})
    context |= {"failed_form": name, "failed_case": case_id, "errors": errors, "values": values}
    return render(request, "me_cases.html", context, actor=actor, status_code=status_code)


@router.get("/me/cases")
def my_cases(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """The signed-in influencer's cases, sanctions, points and messages."""
    return me_page(request, session, actor)


def _influencer_form(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    case_id: int,
    form: Any,
    name: str,
    action: Callable[[], Case],
    done: str,
) -> Response:
    back = forms.text(form, "back")
    try:
        action()
    except FORM_ERRORS as error:
        session.rollback()
        failed = (name, case_forms.error_messages(error), case_forms.form_values(form))
        show = me_page if back == "me" else case_page
        return show(request, session, actor, case_id, failed=failed, status_code=error.status)
    set_flash(request, done)
    target = "/me/cases" if back == "me" else f"/cases/{case_id}"
    return RedirectResponse(f"{target}#case-state", status_code=303)


@router.post("/cases/{case_id}/reply")
def reply(
    request: Request, case_id: CaseId, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """The influencer concerned replies before the decision."""

    def action() -> Case:
        body = parse(
            ReplyIn,
            {
                "text": forms.text(form, "text").replace("\r\n", "\n"),
                "evidence_urls": case_forms.urls(form),
                "expected_version": forms.optional(form, "expected_version"),
            },
        )
        return replies.submit_reply(
            session,
            actor=actor,
            case_id=case_id,
            text=body.text,
            evidence_urls=body.evidence_urls,
            expected_version=body.expected_version,
            now=utcnow(),
        )

    done = N_("Your reply has been sent.")
    return _influencer_form(
        request, session, actor, case_id=case_id, form=form, name="reply", action=action, done=done
    )


@router.post("/cases/{case_id}/appeal")
def appeal(
    request: Request, case_id: CaseId, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """The influencer concerned appeals a decision of violation, once, within the window."""

    def action() -> Case:
        body = parse(
            AppealIn,
            {
                "reason": forms.text(form, "reason").replace("\r\n", "\n"),
                "expected_version": forms.optional(form, "expected_version"),
            },
        )
        return decisions.appeal(
            session,
            actor=actor,
            case_id=case_id,
            reason=body.reason,
            expected_version=body.expected_version,
            now=utcnow(),
        )

    done = N_("Your appeal has been sent.")
    return _influencer_form(
        request, session, actor, case_id=case_id, form=form, name="appeal", action=action, done=done
    )


@router.post("/me/notifications/read")
def mark_read(request: Request, form: FormDep, session: SessionDep, actor: ActorDep) -> Response:
    """Mark all the influencer's messages read."""
    influencer = _own_influencer(session, actor)
    notes, _ = notifications.notifications_for(
        session, actor=actor, influencer_id=influencer.id, unread_only=True, limit=1000
    )
    ids = [note.id for note in notes]
    if ids:
        notifications.mark_read(session, actor=actor, influencer_id=influencer.id, ids=ids)
    return RedirectResponse("/me/cases#messages", status_code=303)
