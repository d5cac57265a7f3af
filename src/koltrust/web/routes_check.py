"""The pre-flight check page: paste a draft post and see each problem marked in its text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape
from starlette.datastructures import FormData

from koltrust.api.deps import ActorDep, SettingsDep, parse
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.content import service
from koltrust.content.routes import screening_source
from koltrust.content.schemas import FindingOut, PostIn, ScreeningOut
from koltrust.errors import TextTooLong, ValidationFailed
from koltrust.registry.reference import Language, Platform
from koltrust.screening.model import Severity
from koltrust.web import forms, i18n, labels
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_, gettext
from koltrust.web.templating import render

router = APIRouter()

TEMPLATE = "check.html"
AUTO_LANGUAGE = "auto"
EMPTY_TEXT = N_("Paste the text of your post to check it.")
TEXT_TOO_LONG = N_(
    "The post is too long: the limit is %(limit)s characters. Shorten it or check it in parts."
)
FIELD_MESSAGES = {
    "text": TEXT_TOO_LONG,
    "platform": N_("Choose a platform from the list."),
    "links": N_("Enter at most 200 links, one per line."),
    "language": N_("Choose a language from the list."),
}
# most serious first: the order of the summary and of the colour legend
SEVERITY_ORDER = tuple(reversed(Severity))
QUOTE_CHARS = 160


@dataclass(frozen=True)
class Numbered:
    """A finding with its number in the list and in the marked text (0 when not counted)."""

    number: int
    finding: FindingOut
    quotes: tuple[str, ...]

    @property
    def severity(self) -> str:
        """The finding's severity code."""
        return self.finding.severity

    @property
    def basis_url(self) -> str:
        """The legal basis's address when it is a web address (never a script URL)."""
        return basis_url(self.finding.legal_basis)


def basis_url(legal_basis: dict[str, str]) -> str:
    """A legal basis's address when it is a web address (never a script URL)."""
    url = legal_basis.get("url", "")
    return url if url.startswith(("https://", "http://")) else ""


def post_data(form: FormData) -> dict[str, Any]:
    """A PostIn dict from the check form."""
    data: dict[str, Any] = {
        # browsers send CRLF line breaks; the API and the rules expect LF
        "text": forms.text(form, "text").replace("\r\n", "\n"),
        "links": [line.strip() for line in forms.text(form, "links").splitlines() if line.strip()],
        "paid_partnership": form.get("paid_partnership") == "on",
    }
    if platform := forms.optional(form, "platform"):
        data["platform"] = platform
    language = forms.optional(form, "language")
    if language and language != AUTO_LANGUAGE:
        data["language"] = language
    return data


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the user entered, to put back in the form."""
    return {
        "text": data["text"],
        "links": "\n".join(data["links"]),
        "platform": data.get("platform", ""),
        "language": data.get("language", ""),
        "paid_partnership": data["paid_partnership"],
    }


def quotes(text: str, finding: FindingOut) -> tuple[str, ...]:
    """The original characters of each of the finding's spans (long ones shortened)."""
    found = (text[start:end] for start, end in finding.spans)
    return tuple(q if len(q) <= QUOTE_CHARS else q[: QUOTE_CHARS - 1] + "…" for q in found if q)


def numbered(text: str, findings: Sequence[FindingOut]) -> tuple[list[Numbered], list[Numbered]]:
    """The counted findings numbered by position, and the shadow ones (unnumbered)."""
    ordered = sorted(findings, key=lambda f: (f.spans[0][0] if f.spans else -1, f.rule_id))
    counted = [f for f in ordered if not f.shadow]
    shadow = [Numbered(0, f, quotes(text, f)) for f in ordered if f.shadow]
    return [Numbered(n, f, quotes(text, f)) for n, f in enumerate(counted, start=1)], shadow


def severity_counts(findings: Sequence[Numbered]) -> list[tuple[str, int]]:
    """How many findings of each severity, most serious first."""
    counts = Counter(item.severity for item in findings)
    return [(severity.value, counts[severity]) for severity in SEVERITY_ORDER if counts[severity]]


def _severity_label(item: Numbered) -> str:
    return labels.label("severity", item.severity, i18n.current_locale())


def _describe(item: Numbered) -> str:
    category = item.finding.category_label
    name = category.get(i18n.current_locale()) or category.get("vi") or item.finding.category
    return gettext("Problem %(number)s (%(severity)s): %(category)s") % {
        "number": item.number,
        "severity": _severity_label(item),
        "category": name,
    }


def _unique(items: Sequence[Numbered]) -> list[Numbered]:
    return list({item.number: item for item in items}.values())


def _mark(piece: str, covering: Sequence[Numbered]) -> Markup:
    top = max(covering, key=lambda item: Severity(item.severity).rank)
    overlap = " sev-overlap" if len(covering) > 1 else ""
    return Markup('<mark class="sev sev-{}{}" data-findings="{}" title="{}">{}</mark>').format(
        top.severity,
        overlap,
        " ".join(str(item.number) for item in covering),
        "; ".join(_describe(item) for item in covering),
        piece,
    )


def _start_badges(starting: Sequence[Numbered]) -> Markup:
    said = Markup('<span class="visually-hidden">{} </span>')
    badge = Markup('<span class="mark-num sev-{}" aria-hidden="true">{}</span>')
    return Markup("").join(
        said.format(
            gettext("[Problem %(number)s, %(severity)s:]")
            % {"number": item.number, "severity": _severity_label(item)}
        )
        + badge.format(item.severity, item.number)
        for item in starting
    )


def _end_labels(ending: Sequence[Numbered]) -> Markup:
    said = Markup('<span class="visually-hidden"> {}</span>')
    return Markup("").join(
        said.format(gettext("[end of problem %(number)s]") % {"number": item.number})
        for item in ending
    )


Spans = list[tuple[int, int, Numbered]]


def _piece(text: str, start: int, end: int, spans: Spans) -> Markup:
    covering = _unique([item for s, e, item in spans if s <= start and end <= e])
    if not covering:
        return escape(text[start:end])
    starting = _unique([item for s, _, item in spans if s == start])
    ending = _unique([item for _, e, item in spans if e == end])
    marked = _mark(text[start:end], covering)
    return _start_badges(starting) + marked + _end_labels(ending)


def marked_text(text: str, findings: Sequence[Numbered]) -> Markup:
    """``text`` as escaped HTML with every span of ``findings`` marked (call in use_locale)."""
    # cutting at every boundary turns overlapping spans into adjacent marks that never nest
    size = len(text)
    spans: Spans = [
        (max(0, start), min(end, size), item)
        for item in findings
        for start, end in item.finding.spans
        if max(0, start) < min(end, size)
    ]
    cuts = sorted({0, size, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    return Markup("").join(_piece(text, start, end, spans) for start, end in pairwise(cuts))


def results_context(text: str, result: ScreeningOut, locale: str) -> dict[str, Any]:
    """What the results part of the page shows."""
    counted, shadow = numbered(text, result.findings)
    with i18n.use_locale(locale):
        marked = marked_text(text, counted)
    return {
        "result": result,
        "findings": counted,
        "shadow_findings": shadow,
        "severity_counts": severity_counts(counted),
        "marked_text": marked,
        "confidence_percent": round(result.language_confidence * 100),
    }


def _page(
    request: Request,
    actor: Actor,
    *,
    values: dict[str, Any],
    errors: forms.FieldErrors | None = None,
    results: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "limit": screening_source(request).max_chars,
        "platforms": list(Platform),
        "post_languages": list(Language),
        "result": None,
        **(results or {}),
    }
    return render(request, TEMPLATE, context, actor=actor, status_code=status_code)


@router.get("/check")
def check_form(request: Request, actor: ActorDep) -> Response:
    """The form to check a draft post (open to everyone)."""
    authorize(actor, Action.CHECK_POST)
    return _page(request, actor, values=form_values(post_data(FormData())))


def _field_errors(error: ValidationFailed) -> forms.FieldErrors:
    found = forms.field_errors(error)
    return {field: FIELD_MESSAGES.get(field, message) for field, message in found.items()}


@router.post("/check")
def check(request: Request, form: FormDep, actor: ActorDep, settings: SettingsDep) -> Response:
    """Screen the posted draft and show its problems; nothing is stored."""
    authorize(actor, Action.CHECK_POST)
    data = post_data(form)
    values = form_values(data)
    if not data["text"]:
        return _page(request, actor, values=values, errors={"text": EMPTY_TEXT}, status_code=422)
    source = screening_source(request)
    try:
        service.check_length(data["text"], max_chars=source.max_chars)
        result = service.check_post(source, parse(PostIn, data))
    except TextTooLong as error:
        errors = {"text": TEXT_TOO_LONG}
        return _page(request, actor, values=values, errors=errors, status_code=error.status)
    except ValidationFailed as error:
        errors = _field_errors(error)
        return _page(request, actor, values=values, errors=errors, status_code=error.status)
    locale = i18n.choose_locale(request, settings.default_locale)
    results = results_context(data["text"], result, locale)
    return _page(request, actor, values=values, results=results)
