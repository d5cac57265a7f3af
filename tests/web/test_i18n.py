"""Languages: the switch, the catalogues, and labels for every code shown."""

from __future__ import annotations

from importlib.resources import files
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from koltrust.web import i18n
from koltrust.web.labels import LABELLED_ENUMS, LABELS, NO_MEMBERSHIP
from tests.factories import make_influencer

WEB_DIR = Path(str(files("koltrust.web")))


def _msgids() -> set[str]:
    found: set[str] = set()
    sources = [
        (WEB_DIR / "templates", [("**.html", "jinja2")]),
        (WEB_DIR, [("**.py", "python")]),
    ]
    for directory, method_map in sources:
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(directory), method_map, keywords=DEFAULT_KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    strings = (string,) if isinstance(string, str) else tuple(string or ())
    return bool(strings) and all(part.strip() for part in strings)


def _catalogue(locale: str) -> Catalog:
    return read_po(BytesIO(i18n.catalogue_text(locale).encode("utf-8")), locale=locale)


def test_the_sources_contain_messages() -> None:
    assert {"Influencers", "Please correct the marked fields."} <= _msgids()


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_message_has_a_translation(locale: str) -> None:
    catalogue = _catalogue(locale)
    untranslated = []
    for msgid in sorted(_msgids()):
        message = catalogue.get(msgid)
        if message is None or message.fuzzy or not _translated(message.string):
            untranslated.append(msgid)
    assert untranslated == [], f"add these to locale/{locale}/LC_MESSAGES/messages.po"


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_translations_keep_their_placeholders(locale: str) -> None:
    problems = [(message.id, errors) for message, errors in _catalogue(locale).check()]
    assert problems == []


def test_vietnamese_translations_are_not_english() -> None:
    with i18n.use_locale("vi"):
        assert i18n.gettext("Influencers") == "Người có ảnh hưởng"
        assert i18n.gettext("Sign in") == "Đăng nhập"


def test_catalogues_compile_in_memory() -> None:
    with i18n.use_locale("vi"):
        assert i18n.gettext("Organisations") == "Tổ chức"
        assert i18n.ngettext("%(num)d organisation found", "%(num)d organisations found", 3)
    with i18n.use_locale("en"):
        assert i18n.gettext("Organisations") == "Organisations"


@pytest.mark.parametrize("family", sorted(LABELLED_ENUMS))
def test_every_code_has_vietnamese_and_english_labels(family: str) -> None:
    codes = {member.value for member in LABELLED_ENUMS[family]}
    if family == "membership":
        codes.add(NO_MEMBERSHIP)
    assert set(LABELS[family]) == codes
    for labels in LABELS[family].values():
        assert labels["vi"].strip()
        assert labels["en"].strip()


def test_language_switch_shows_english_and_remembers_it(
    client: TestClient, session: Session
) -> None:
    make_influencer(session, accounts=[{"platform": "tiktok", "handle": "thuha"}])
    response = client.get("/influencers/nguyen-thu-ha", params={"lang": "en"})
    assert '<html lang="en">' in response.text
    assert "Beauty" in response.text
    assert "Not a member" in response.text
    assert "Not verified" in response.text
    assert response.cookies.get(i18n.LANG_COOKIE) == "en"
    again = client.get("/influencers")
    assert '<html lang="en">' in again.text
    assert "Influencer directory" in again.text
    back = client.get("/influencers", params={"lang": "vi"})
    assert "Danh bạ người có ảnh hưởng" in back.text


def test_language_links_point_to_the_same_page(client: TestClient) -> None:
    html = client.get("/influencers", params={"q": "ha"}).text
    assert 'href="/influencers?q=ha&amp;lang=en"' in html
    assert 'href="/influencers?q=ha&amp;lang=vi"' in html


def test_unknown_language_falls_back_to_vietnamese(client: TestClient) -> None:
    response = client.get("/", params={"lang": "xx"})
    assert '<html lang="vi">' in response.text
    assert i18n.LANG_COOKIE not in response.cookies


def test_error_pages_are_translated(client: TestClient) -> None:
    assert "Page not found" in client.get("/nowhere", params={"lang": "en"}).text
