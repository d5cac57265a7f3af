"""HTML form data to service input, and service errors to messages beside the fields."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from koltrust.errors import Duplicate, KoltrustError, ValidationFailed
from koltrust.web.i18n import N_

FieldErrors = dict[str, str]

# one message per field, in the user's words rather than the validator's
FIELD_MESSAGES: dict[str, str] = {
    "display_name": N_("Enter a name of at most 200 characters."),
    "name": N_("Enter a name of at most 200 characters."),
    "niche": N_("Choose a niche from the list."),
    "province": N_("Choose a province or city from the list."),
    "languages": N_("Choose at least one language."),
    "bio": N_("The bio can be at most 2,000 characters long."),
    "account_platform": N_("Choose a platform."),
    "account_handle": N_(
        "A handle is 1 to 100 letters, digits, dots, underscores or hyphens, without spaces."
    ),
    "account_url": N_("Enter a full web address starting with https://"),
    "account_followers": N_("Enter a whole number of followers (0 or more)."),
    "kind": N_("Choose the kind of organisation."),
    "tax_code": N_("A tax code is 10 digits, or 10 digits, a hyphen and 3 digits for a branch."),
    "website": N_("Enter a full web address starting with https://"),
    "reason": N_("Give a reason: members have a right to know why."),
    "slug": N_("Use lower-case letters, digits and single hyphens."),
}
HANDLE_TAKEN = N_("This handle is already registered to another influencer.")
TAX_CODE_TAKEN = N_("This tax code is already registered to another organisation.")
SLUG_TAKEN = N_("This address is already taken.")


def text(form: FormData, name: str) -> str:
    """The stripped text value of a field ('' when absent or a file)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    """The stripped text value of a field, or None when empty."""
    return text(form, name) or None


def values(form: FormData) -> dict[str, Any]:
    """What the user typed, to put back in a re-rendered form."""
    kept: dict[str, Any] = {
        key: text(form, key) for key in form if key not in {"csrf_token", "languages"}
    }
    kept["languages"] = [value for value in form.getlist("languages") if isinstance(value, str)]
    return kept


def account_data(form: FormData, prefix: str = "account_") -> dict[str, Any]:
    """An AccountIn dict from the fields ``{prefix}platform``, ``{prefix}handle`` etc."""
    data: dict[str, Any] = {
        "platform": text(form, f"{prefix}platform"),
        "handle": text(form, f"{prefix}handle"),
    }
    if url := optional(form, f"{prefix}url"):
        data["url"] = url
    if followers := optional(form, f"{prefix}followers"):
        data["followers"] = followers.replace(".", "").replace(",", "").replace(" ", "")
    return data


def influencer_data(form: FormData) -> dict[str, Any]:
    """An InfluencerCreate dict from the new-influencer form."""
    data: dict[str, Any] = {
        "display_name": text(form, "display_name"),
        "niche": text(form, "niche"),
        "province": text(form, "province"),
        "languages": [value for value in form.getlist("languages") if isinstance(value, str)],
        "bio": text(form, "bio"),
    }
    account = account_data(form)
    # the platform select always has a value: an account is meant only when more is filled in
    if any(account.get(key) for key in ("handle", "url", "followers")):
        data["accounts"] = [account]
    return data


def organisation_data(form: FormData) -> dict[str, Any]:
    """An OrganisationCreate dict from the new-organisation form."""
    return {
        "name": text(form, "name"),
        "kind": text(form, "kind"),
        "tax_code": text(form, "tax_code"),
        "website": optional(form, "website"),
        "province": optional(form, "province"),
    }


def _field_of(loc: list[str], field_prefix: str) -> str:
    parts = [part for part in loc if part != "body"]
    if not parts or parts[0] == "__root__":
        return ""
    if parts[0] == "accounts":
        return f"account_{parts[2] if len(parts) > 2 else 'handle'}"
    return f"{field_prefix}{parts[0]}"


def field_errors(error: KoltrustError, *, field_prefix: str = "") -> FieldErrors:
    """Messages keyed by form field for ``error``; key '' for what belongs to no field.

    ``field_prefix`` names the form's fields when the schema's are shorter ('account_')."""
    if isinstance(error, Duplicate):
        return _duplicate_errors(error)
    if not isinstance(error, ValidationFailed):
        return {"": error.detail}
    errors: FieldErrors = {}
    for item in error.data.get("errors", []):
        field = _field_of(list(item.get("loc", [])), field_prefix)
        errors.setdefault(field, FIELD_MESSAGES.get(field, str(item.get("msg", ""))))
    named = error.data.get("field")
    if isinstance(named, str):
        named = f"{field_prefix}{named}"
        errors.setdefault(named, FIELD_MESSAGES.get(named, error.detail))
    return errors or {"": error.detail}


def _duplicate_errors(error: Duplicate) -> FieldErrors:
    if "handle" in error.data:
        return {"account_handle": HANDLE_TAKEN}
    if "tax_code" in error.data:
        return {"tax_code": TAX_CODE_TAKEN}
    if "slug" in error.data:
        return {"slug": SLUG_TAKEN}
    return {"": error.detail}
