"""Gettext catalogues compiled in memory at start-up, and the locale of the current render.

Catalogue upkeep (msgids are English; Vietnamese is the default UI language)::

    .venv/bin/pybabel extract -F babel.cfg -k N_ -o /tmp/koltrust-messages.pot .
    .venv/bin/pybabel update -i /tmp/koltrust-messages.pot -d src/koltrust/web/locale
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request

LOCALES = ("vi", "en")
FALLBACK_LOCALE = "vi"
LANG_COOKIE = "koltrust_lang"
LANG_PARAM = "lang"

# set only around a template render, which runs synchronously in one thread
_current_locale: ContextVar[str] = ContextVar("koltrust_locale", default=FALLBACK_LOCALE)


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark ``message`` for extraction; it is translated later, when rendered."""
    return message


def catalogue_text(locale: str) -> str:
    """The text of the ``messages.po`` shipped for ``locale``."""
    path = files("koltrust.web").joinpath("locale", locale, "LC_MESSAGES", "messages.po")
    return path.read_text(encoding="utf-8")


@cache
def translations(locale: str) -> gettext_module.NullTranslations:
    """The compiled catalogue of ``locale`` (identity for an unknown locale)."""
    if locale not in LOCALES:
        return gettext_module.NullTranslations()
    catalog = read_po(BytesIO(catalogue_text(locale).encode("utf-8")), locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def normalise_locale(value: str | None) -> str | None:
    """``value`` when it names a supported locale, else None."""
    if value is None:
        return None
    value = value.strip().lower()
    return value if value in LOCALES else None


def requested_locale(request: Request) -> str | None:
    """The locale asked for explicitly in the query string (``?lang=en``), if any."""
    return normalise_locale(request.query_params.get(LANG_PARAM))


def choose_locale(request: Request, default: str) -> str:
    """The request's locale: the query string, then the cookie, then the configured default."""
    return (
        requested_locale(request)
        or normalise_locale(request.cookies.get(LANG_COOKIE))
        or normalise_locale(default)
        or FALLBACK_LOCALE
    )


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Translate into ``locale`` inside the block."""
    token = _current_locale.set(locale)
    try:
        yield
    finally:
        _current_locale.reset(token)


def current_locale() -> str:
    """The locale being rendered."""
    return _current_locale.get()


def gettext(message: str) -> str:
    """``message`` translated into the current locale."""
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message, translated into the current locale."""
    return translations(current_locale()).ngettext(singular, plural, n)
