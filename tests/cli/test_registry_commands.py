"""Registry commands: add, list, show, orgs, members, users, tokens, audit verify."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from tests.cli.conftest import RunCli


def _add_ha(run: RunCli) -> None:
    result = run(
        "influencers",
        "add",
        "--name",
        "Nguyễn Thu Hà",
        "--niche",
        "beauty",
        "--province",
        "ha-noi",
        "--language",
        "vi",
        "--account",
        "tiktok:@thuha:1200",
    )
    assert result.exit_code == 0, result.output


def test_add_then_show_as_json(migrated: RunCli) -> None:
    _add_ha(migrated)
    shown = json.loads(migrated("influencers", "show", "nguyen-thu-ha", "--json").stdout)
    assert shown["display_name"] == "Nguyễn Thu Hà"
    assert shown["accounts"][0] == {
        **shown["accounts"][0],
        "platform": "tiktok",
        "handle": "thuha",
        "followers": 1200,
    }


def test_list_finds_a_name_typed_without_diacritics(migrated: RunCli) -> None:
    _add_ha(migrated)
    listed = json.loads(migrated("influencers", "list", "--q", "nguyen thu", "--json").stdout)
    assert [item["slug"] for item in listed["items"]] == ["nguyen-thu-ha"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--niche", "astrology", "--province", "ha-noi"], "unknown niche"),
        (["--niche", "beauty", "--province", "Atlantis"], "unknown province"),
        (["--niche", "beauty", "--province", "ha-noi", "--account", "tiktok"], "PLATFORM:HANDLE"),
        (["--niche", "beauty", "--province", "ha-noi", "--account", "myspace:me"], "platform"),
    ],
)
def test_add_with_bad_input_exits_1_with_the_reason(
    migrated: RunCli, args: list[str], message: str
) -> None:
    result = migrated("influencers", "add", "--name", "X Y", *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_duplicate_handle_is_refused(migrated: RunCli) -> None:
    _add_ha(migrated)
    result = migrated(
        "influencers",
        "add",
        "--name",
        "Someone",
        "--niche",
        "food",
        "--province",
        "hue",
        "--account",
        "TikTok:THUHA",
    )
    assert result.exit_code == 1
    assert "already registered" in result.stderr


def test_membership_moves_and_invalid_move(migrated: RunCli) -> None:
    _add_ha(migrated)
    assert "member" in migrated("members", "admit", "nguyen-thu-ha").stdout
    refused = migrated("members", "reinstate", "nguyen-thu-ha")
    assert refused.exit_code == 1
    assert "invalid_transition" in refused.stderr
    assert "Cannot reinstate" in refused.stderr
    no_reason = migrated("members", "suspend", "nguyen-thu-ha", "--reason", " ")
    assert no_reason.exit_code == 1
    suspended = migrated("members", "suspend", "nguyen-thu-ha", "--reason", "Quảng cáo ẩn")
    assert "suspended" in suspended.stdout


def test_orgs_add_and_list(migrated: RunCli) -> None:
    added = migrated(
        "orgs",
        "add",
        "--name",
        "Công ty TNHH Sen Việt",
        "--kind",
        "business",
        "--tax-code",
        "0312345678",
    )
    assert added.exit_code == 0, added.output
    duplicate = migrated(
        "orgs", "add", "--name", "Other", "--kind", "agency", "--tax-code", "0312345678"
    )
    assert duplicate.exit_code == 1
    listed = json.loads(migrated("orgs", "list", "--json").stdout)
    assert [item["slug"] for item in listed["items"]] == ["cong-ty-tnhh-sen-viet"]
    admitted = migrated("members", "admit", "cong-ty-tnhh-sen-viet", "--org")
    assert "admit -> member" in admitted.stdout


def test_orgs_trust_marks_and_unmarks_a_trusted_flagger(migrated: RunCli) -> None:
    migrated(
        "orgs",
        "add",
        "--name",
        "Báo Tin Thật",
        "--kind",
        "media_outlet",
        "--tax-code",
        "0312345678",
    )
    trusted = migrated("orgs", "trust", "bao-tin-that")
    assert trusted.exit_code == 0, trusted.output
    assert "is now a trusted flagger" in trusted.stdout
    listed = json.loads(migrated("orgs", "list", "--json").stdout)
    assert listed["items"][0]["trusted_flagger"] is True
    migrated("orgs", "trust", "bao-tin-that", "--off")
    listed = json.loads(migrated("orgs", "list", "--json").stdout)
    assert listed["items"][0]["trusted_flagger"] is False
    missing = migrated("orgs", "trust", "nobody")
    assert missing.exit_code == 1


def test_users_and_token_shown_once(migrated: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEW_PASSWORD", "a-long-password-1")
    created = migrated(
        "users", "add", "ops@example.org", "--role", "analyst", "--password-env", "NEW_PASSWORD"
    )
    assert created.exit_code == 0, created.output
    token = (
        migrated("tokens", "create", "--user", "ops@example.org").stdout.strip().splitlines()[-1]
    )
    assert token.startswith("kt_")
    short = migrated("users", "add", "x@example.org", "--role", "admin", "--password-env", "NOPE")
    assert short.exit_code == 1


def test_audit_verify_reports_the_first_tampered_event(migrated: RunCli, db_url: str) -> None:
    _add_ha(migrated)
    migrated("members", "admit", "nguyen-thu-ha")
    assert migrated("audit", "verify").exit_code == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
    engine.dispose()
    result = migrated("audit", "verify")
    assert result.exit_code == 1
    assert "#2" in result.stderr


def test_serve_refuses_an_unmigrated_database(run: RunCli) -> None:
    result = run("serve")
    assert result.exit_code == 1
    assert "koltrust db upgrade" in result.stderr


def test_invalid_settings_exit_2(run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOLTRUST_ENVIRONMENT", "prod")
    monkeypatch.setenv("KOLTRUST_SECRET_KEY", "short")
    result = run("influencers", "list")
    assert result.exit_code == 2
    assert "KOLTRUST_SECRET_KEY" in result.stderr
