"""Settings: every one documented, insecure defaults refused outside development."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from koltrust.config import DEFAULT_SECRET_KEY, Environment, Settings
from tests.factories import REPO_ROOT

SETTINGS_DOC = REPO_ROOT / "docs" / "settings.md"
STRONG_SECRET = "k" * 32


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert SETTINGS_DOC.exists(), f"{SETTINGS_DOC} is missing"
    documented = set(re.findall(r"KOLTRUST_[A-Z0-9_]+", SETTINGS_DOC.read_text(encoding="utf-8")))

    assert f"KOLTRUST_{name.upper()}" in documented


def test_settings_doc_names_no_setting_that_does_not_exist() -> None:
    assert SETTINGS_DOC.exists(), f"{SETTINGS_DOC} is missing"
    documented = set(re.findall(r"KOLTRUST_[A-Z0-9_]+", SETTINGS_DOC.read_text(encoding="utf-8")))
    known = {f"KOLTRUST_{name.upper()}" for name in Settings.model_fields}
    # variables read by the test suite, not by koltrust itself
    known.add("KOLTRUST_TEST_POSTGRES_URL")

    assert documented - known == set()


@pytest.mark.parametrize(
    "secret", [DEFAULT_SECRET_KEY, "", "short", "x" * 31], ids=["default", "empty", "short", "31"]
)
def test_prod_refuses_the_default_or_a_short_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="KOLTRUST_SECRET_KEY"):
        Settings(environment=Environment.PROD, secret_key=secret)


def test_prod_accepts_a_long_secret() -> None:
    settings = Settings(environment=Environment.PROD, secret_key=STRONG_SECRET)

    assert settings.secret_key.get_secret_value() == STRONG_SECRET


def test_dev_accepts_the_default_secret() -> None:
    settings = Settings(environment=Environment.DEV)

    assert settings.secret_key.get_secret_value() == DEFAULT_SECRET_KEY


def test_prod_is_refused_when_configured_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOLTRUST_ENVIRONMENT", "prod")
    monkeypatch.delenv("KOLTRUST_SECRET_KEY", raising=False)

    with pytest.raises(ValidationError, match="KOLTRUST_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("KOLTRUST_SECRET_KEY", STRONG_SECRET)
    assert Settings().environment is Environment.PROD


def test_secret_is_not_shown_when_settings_are_printed() -> None:
    settings = Settings(secret_key=STRONG_SECRET)

    assert STRONG_SECRET not in repr(settings)
    assert STRONG_SECRET not in str(settings.model_dump())


@pytest.mark.parametrize(
    "fields",
    [
        {"max_body_bytes": 100},
        {"page_size_default": 0},
        {"page_size_max": 0},
        {"page_size_default": 50, "page_size_max": 20},
        {"port": 0},
        {"port": 70000},
        {"session_max_age_seconds": 10},
        {"environment": "staging"},
    ],
)
def test_out_of_range_values_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Settings.model_validate(fields)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///var/koltrust.db", "var/koltrust.db"),
        ("sqlite:////srv/koltrust/k.db", "/srv/koltrust/k.db"),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://u@h/db", None),
    ],
)
def test_sqlite_path_is_read_from_the_url(url: str, path: str | None) -> None:
    settings = Settings(database_url=url)

    found = settings.sqlite_path()

    assert (str(found) if found else None) == path
    assert settings.is_sqlite is url.startswith("sqlite")


def test_identity_key_follows_the_secret() -> None:
    one = Settings(secret_key="a" * 32).identity_hash_key()
    two = Settings(secret_key="b" * 32).identity_hash_key()

    assert one != two
