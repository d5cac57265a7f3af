"""The public report page: anyone reports a stored post or an influencer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.content.routes import category_labels
from koltrust.db.types import utcnow
from koltrust.errors import NotFound, TooManyRequests, ValidationFailed
from koltrust.reports import service
from koltrust.reports.models import ReportTarget
from koltrust.reports.routes import client_address, intake, report_request
from koltrust.reports.schemas import ReportIn
from koltrust.web import forms, i18n
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.templating import render

router = APIRouter()

TEMPLATE = "report.html"
FIELD_MESSAGES = {
    "target": N_("Choose what you are reporting."),
    "influencer": N_("Enter the influencer's address name, e.g. 'linh-an'."),
    "post_id": N_("Enter the number of a stored post."),
    "category": N_("Choose a reason from the list."),
    "text": N_("Say what is wrong, in at most 5,000 characters."),
    "evidence_urls": N_(
        "Enter at most 10 web addresses starting with http:// or https://, one per line."
    ),
    "contact": N_("Enter contact details of at most 300 characters."),
}
NO_SUCH_TARGET = {
    "influencer": N_("No influencer has this address name."),
    "post_id": N_("No stored post has this number."),
}
FORM_FIELDS = ("target", "influencer", "post_id", "category", "text", "evidence_urls", "contact")
TOO_MANY = N_("You have sent many reports in the last hour. Please try again later.")


def report_data(form: FormData) -> dict[str, Any]:
    """A ReportIn dict from the report form."""
    target = forms.text(form, "target") or ReportTarget.INFLUENCER.value
    urls = [line.strip() for line in forms.text(form, "evidence_urls").splitlines()]
    data: dict[str, Any] = {
        "target": target,
        "category": forms.text(form, "category"),
        "text": forms.text(form, "text").replace("\r\n", "\n"),
        "evidence_urls": [url for url in urls if url],
        "contact": forms.optional(form, "contact"),
    }
    if target == ReportTarget.POST.value:
        data["post_id"] = forms.optional(form, "post_id")
    else:
        data["influencer"] = forms.optional(form, "influencer")
    return data


def _values(form: FormData) -> dict[str, str]:
    values = {key: forms.text(form, key) for key in FORM_FIELDS}
    return values | {"target": values["target"] or ReportTarget.INFLUENCER.value}


def _page(
    request: Request,
    actor: Actor,
    settings: SettingsDep,
    *,
    values: dict[str, str],
    errors: forms.FieldErrors | None = None,
    status_code: int = 200,
) -> Response:
    locale = i18n.choose_locale(request, settings.default_locale)
    categories = [
        (code, labels.get(locale) or labels.get("vi") or code)
        for code, labels in category_labels(request).items()
    ]
    context = {
        "values": values,
        "errors": errors or {},
        "categories": categories,
        "targets": list(ReportTarget),
        "received": None,
    }
    return render(request, TEMPLATE, context, actor=actor, status_code=status_code)


@router.get("/report")
def report_form(request: Request, actor: ActorDep, settings: SettingsDep) -> Response:
    """The report form (open to everyone); ``?influencer=`` or ``?post=`` fills the target."""
    authorize(actor, Action.SUBMIT_REPORTS)
    post = request.query_params.get("post", "")
    values = _values(FormData()) | {
        "target": ReportTarget.POST.value if post else ReportTarget.INFLUENCER.value,
        "post_id": post,
        "influencer": request.query_params.get("influencer", ""),
    }
    return _page(request, actor, settings, values=values)


def _errors(
    error: ValidationFailed | NotFound | TooManyRequests, *, target_field: str
) -> forms.FieldErrors:
    if isinstance(error, TooManyRequests):
        return {"": TOO_MANY}
    if isinstance(error, NotFound):
        return {target_field: NO_SUCH_TARGET[target_field]}
    found = forms.field_errors(error)
    # the one error of no field is a missing target: show it beside the target's field
    fields = {field or target_field for field in found}
    return {field: FIELD_MESSAGES[field] for field in fields if field in FIELD_MESSAGES}


@router.post("/report")
def report(
    request: Request,
    form: FormDep,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> Response:
    """Take in the report and thank the reporter (or say it was already received)."""
    authorize(actor, Action.SUBMIT_REPORTS)
    data = report_data(form)
    target_field = "post_id" if data["target"] == ReportTarget.POST.value else "influencer"
    try:
        received = service.create_report(
            session,
            actor=actor,
            request=report_request(parse(ReportIn, data)),
            intake=intake(request, settings),
            client_address=client_address(request),
            now=utcnow(),
        )
    except (ValidationFailed, NotFound, TooManyRequests) as error:
        errors = _errors(error, target_field=target_field)
        values = _values(form)
        return _page(
            request, actor, settings, values=values, errors=errors, status_code=error.status
        )
    context = {"received": received}
    return render(request, "report_done.html", context, actor=actor)
