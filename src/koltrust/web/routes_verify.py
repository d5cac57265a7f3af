"""Verify a certificate: type its code and see whether it is valid, suspended, revoked or
expired, and why. Open to everyone; the verdict is the same ``certificate_status`` the API and
the CLI show."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.db.types import utcnow
from koltrust.errors import NotFound, ValidationFailed
from koltrust.scoring.methodology import default_methodology
from koltrust.trust import certificates
from koltrust.trust.bands import band_name
from koltrust.trust.certificate_codes import EXAMPLE, parse_code
from koltrust.trust.certificate_rules import LANGUAGES, STATUS_LABELS
from koltrust.trust.certificate_schemas import verification_url
from koltrust.trust.certificates import CertificateView
from koltrust.trust.public_evidence import parse_evidence_id
from koltrust.web import i18n
from koltrust.web.i18n import N_
from koltrust.web.templating import render

router = APIRouter()

TEMPLATE = "verify.html"
MAX_TYPED = 64
EMPTY_CODE = N_("Type the code printed on the certificate, such as %(example)s.")
MALFORMED = N_(
    "This is not a certificate code. A code is KT- followed by ten letters or digits, such as "
    "%(example)s. Check each character: the last one catches typing mistakes."
)
UNKNOWN = N_("No certificate has this code. Check it against the certificate, or ask its holder.")
# what each status means for a business that reads it
VERDICTS = {
    "active": N_("Valid certificate"),
    "suspended": N_("Certificate suspended"),
    "revoked": N_("Certificate revoked"),
    "expired": N_("Certificate expired"),
}
MEANINGS = {
    "active": N_("The alliance certifies this influencer until %(end)s."),
    "suspended": N_("It is not valid while the sanction below is in force."),
    "revoked": N_("It is no longer valid."),
    "expired": N_("It is no longer valid; the influencer may apply for a new one."),
}


@router.get("/verify")
def verify_form(request: Request, actor: ActorDep, code: str | None = None) -> Response:
    """The form (open to everyone); with ``?code=`` it goes to that certificate's page."""
    authorize(actor, Action.READ_REGISTRY)
    if code is None:
        return _page(request, actor, typed="")
    typed = code.strip()[:MAX_TYPED]
    if not typed:
        return _page(request, actor, typed="", error=EMPTY_CODE, status_code=422)
    try:
        stored_form = parse_code(typed)
    except ValidationFailed:
        return _page(request, actor, typed=typed, error=MALFORMED, status_code=422)
    return RedirectResponse(f"/verify/{quote(stored_form)}", status_code=303)


@router.get("/verify/{code}")
def verify_page(
    code: str, request: Request, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> Response:
    """The verdict on one certificate: valid, suspended, revoked or expired, and why."""
    authorize(actor, Action.READ_REGISTRY)
    typed = code.strip()[:MAX_TYPED]
    try:
        view = certificates.verify(session, code=typed, now=utcnow())
    except ValidationFailed:
        return _page(request, actor, typed=typed, error=MALFORMED, status_code=422)
    except NotFound:
        return _page(request, actor, typed=typed, error=UNKNOWN, status_code=404)
    if view.certificate.code != typed:
        return RedirectResponse(f"/verify/{quote(view.certificate.code)}", status_code=308)
    verdict = _verdict(view, i18n.choose_locale(request, settings.default_locale))
    link = verification_url(settings.public_base_url, view.certificate.code)
    return _page(request, actor, typed=view.certificate.code, verdict=verdict, link=link)


def _verdict(view: CertificateView, locale: str) -> dict[str, Any]:
    shown, c = view.shown, view.certificate
    language = locale if locale in LANGUAGES else LANGUAGES[0]
    index = LANGUAGES.index(language)
    refs = [parse_evidence_id(item) for item in shown.evidence]
    return {
        "status": shown.status.value,
        "title": VERDICTS[shown.status.value],
        "meaning": MEANINGS[shown.status.value],
        "label": STATUS_LABELS[shown.status][index],
        "reason": shown.reason.text(language) if shown.reason else "",
        "evidence": [ref for ref in refs if ref is not None],
        "certificate": c,
        "influencer": c.influencer,
        "band": band_name(default_methodology(), c.band, language),
        "replaces": view.replaces,
        "replaced_by": view.replaced_by,
    }


def _page(
    request: Request,
    actor: Actor,
    *,
    typed: str,
    error: str | None = None,
    verdict: dict[str, Any] | None = None,
    link: str = "",
    status_code: int = 200,
) -> Response:
    context = {
        "typed": typed,
        "error": error,
        "example": EXAMPLE,
        "verdict": verdict,
        "link": link,
    }
    return render(request, TEMPLATE, context, actor=actor, status_code=status_code)
