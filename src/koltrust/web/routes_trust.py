"""The public side of the trust index: the trust section of the profile page, the public
evidence pages and the due-diligence report as PDF (the directory is in routes_directory)."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from koltrust.api.deps import ActorDep, SessionDep
from koltrust.auth.permissions import Action, authorize
from koltrust.content.routes import category_labels
from koltrust.content.schemas import stored_finding_out
from koltrust.db.types import utcnow
from koltrust.registry.models import Influencer
from koltrust.trust.bands import band_name
from koltrust.trust.chart import chart_description, history_chart
from koltrust.trust.profile import TrustProfile, profile_of, trust_profile
from koltrust.trust.public_evidence import (
    CampaignView,
    CorrectionView,
    Evidence,
    PostView,
    public_evidence,
)
from koltrust.trust.report_pdf import report_pdf
from koltrust.trust.report_words import CERTIFICATE_WORDS
from koltrust.web import i18n, labels
from koltrust.web.case_context import category_name
from koltrust.web.i18n import N_
from koltrust.web.routes_check import marked_text, numbered
from koltrust.web.templating import render

router = APIRouter()

KIND_TITLES = {
    "post": N_("Post"),
    "case": N_("Decided case"),
    "sanction": N_("Sanction"),
    "report": N_("Upheld report"),
    "correction": N_("Published correction"),
    "campaign": N_("Positive campaign"),
    "snapshot": N_("Audience statistics"),
}
GROUND_LABELS = {
    "DECISION_GROUND_ILLEGAL_CONTENT": N_("Illegal content"),
    "DECISION_GROUND_INCOMPATIBLE_CONTENT": N_("Incompatible with the code of conduct"),
}


def page_locale(request: Request) -> str:
    """The language the request is answered in."""
    return i18n.choose_locale(request, request.app.state.settings.default_locale)


def base_url(request: Request) -> str:
    """The site's public address (setting ``public_base_url``), without a trailing slash: the
    address a request came in on is wrong behind a proxy, and a PDF or badge snippet outlives
    the request."""
    return str(request.app.state.settings.public_base_url).rstrip("/")


def trust_context(request: Request, session: Session, influencer: Influencer) -> dict[str, Any]:
    """What the profile page's trust section needs (see ``_trust.html``)."""
    locale = page_locale(request)
    profile = profile_of(session, influencer, language=locale, now=utcnow())
    base = base_url(request)
    return {
        "trust": profile,
        "score_chart": _chart(profile),
        "chart_description": (
            chart_description(profile.history, locale, profile.methodology)
            if profile.history
            else ""
        ),
        "band_names": _band_names(profile),
        "certificate_status": _certificate_status(profile),
        "base_url": base,
        "badge_snippet": badge_snippet(base, influencer, locale),
    }


def _chart(profile: TrustProfile) -> Markup | None:
    if not profile.history:
        return None
    svg = history_chart(
        profile.influencer.slug,
        profile.history,
        fmt="svg",
        language=profile.language,
        today=profile.now.date(),
        methodology=profile.methodology,
    )
    # our own matplotlib output, rewritten by inline_svg; the text in it is escaped there
    return Markup(svg)  # noqa: S704


def _band_names(profile: TrustProfile) -> dict[str, str]:
    codes = {p.band for p in profile.history}
    return {code: band_name(profile.methodology, code, profile.language) for code in codes}


def _certificate_status(profile: TrustProfile) -> str:
    if profile.certificate is None:
        return ""
    return CERTIFICATE_WORDS[profile.certificate.status.value][0 if profile.language == "vi" else 1]


def badge_snippet(base: str, influencer: Influencer, locale: str) -> str:
    """The HTML a site pastes to show the influencer's live badge, linked to the profile."""
    with i18n.use_locale(locale):
        alt = i18n.gettext("Trust badge of %(name)s") % {"name": influencer.display_name}
    alt = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<a href="{base}/influencers/{influencer.slug}">'
        f'<img src="{base}/badge/{influencer.slug}.svg" alt="{alt}"></a>'
    )


@router.get("/influencers/{slug}/report.pdf")
def due_diligence_report(
    request: Request, slug: str, session: SessionDep, actor: ActorDep
) -> Response:
    """The due-diligence report of one influencer as a PDF (``?lang=en`` for English)."""
    locale = page_locale(request)
    now = utcnow()
    profile = trust_profile(session, actor=actor, slug=slug, language=locale, now=now)
    data = report_pdf(profile, base_url=base_url(request))
    filename = f"koltrust-{profile.influencer.slug}-{now:%Y-%m-%d}-{locale}.pdf"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type="application/pdf", headers=headers)


@router.get("/evidence/{kind}/{number}")
def evidence(
    request: Request, kind: str, number: str, session: SessionDep, actor: ActorDep
) -> Response:
    """The public part of one piece of evidence a score cites; 404 when it is not public (or
    when the address names no evidence at all: a malformed id is just another unknown one)."""
    authorize(actor, Action.READ_REGISTRY)
    wanted = int(number) if number.isascii() and number.isdigit() else 0
    item = public_evidence(session, kind=kind, number=wanted, now=utcnow())
    context = {
        "kind": kind,
        "item": item,
        "evidence_id": f"{kind}:{wanted}",
        "kind_title": KIND_TITLES[kind],
        "ground_labels": GROUND_LABELS,
        **_kind_context(request, item),
    }
    return render(request, "evidence.html", context, actor=actor)


def _kind_context(request: Request, item: Evidence) -> dict[str, Any]:
    locale = page_locale(request)
    category = getattr(item, "category", None)
    context: dict[str, Any] = {}
    if category is not None:
        context["category_name"] = category_name(category_labels(request), category, locale)
    if isinstance(item, PostView):
        context |= _post_context(request, item, locale)
    elif isinstance(item, CorrectionView):
        context["safe_url"] = item.url if item.url.startswith(("https://", "http://")) else ""
    elif isinstance(item, CampaignView):
        days = [format_date(d, "long", locale=locale) for d in (item.starts_on, item.ends_on) if d]
        context["campaign_dates"] = " – ".join(days)
    return context


def _post_context(request: Request, item: PostView, locale: str) -> dict[str, Any]:
    known = category_labels(request)
    counted, _shadow = numbered(item.text, [stored_finding_out(f, known) for f in item.findings])
    with i18n.use_locale(locale):
        marked = marked_text(item.text, counted)
    account_url = ""
    if item.platform is not None and item.account_handle is not None:
        account_url = labels.account_link(item.platform, item.account_handle, item.account_url)
    return {"findings": counted, "marked": marked, "account_url": account_url}
