"""The demo's account statistics: the same on every load, most audiences estimated real, the
bought one low for the reasons it was made with."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import pytest

from koltrust.audience.schemas import StatsRecordIn
from koltrust.demo.trust_inputs import account_record, demo_config
from koltrust.registry.models import Account, Influencer
from koltrust.registry.reference import Platform
from koltrust.scoring.audience import Authenticity, estimate

AS_OF = date(2025, 11, 1)


def _demo_accounts() -> list[Account]:
    text = files("koltrust.demo").joinpath("data/influencers.jsonl").read_text("utf-8")
    accounts = []
    for line in text.splitlines():
        person = json.loads(line)
        influencer = Influencer(slug=person["slug"])
        for spec in person["accounts"]:
            account = Account(
                platform=Platform(spec["platform"]),
                handle=spec["handle"],
                followers=spec["followers"],
            )
            account.influencer = influencer
            accounts.append(account)
    return accounts


@pytest.fixture(scope="module")
def estimates() -> dict[tuple[str, str], Authenticity]:
    config = demo_config()
    found = {}
    for account in _demo_accounts():
        raw = account_record(account, as_of=AS_OF, config=config)
        result = estimate(StatsRecordIn.model_validate(raw).to_stats(), now=AS_OF)
        assert result is not None
        found[(account.influencer.slug, account.platform.value)] = result
    return found


def test_every_demo_account_gets_statistics_for_all_four_parts(
    estimates: dict[tuple[str, str], Authenticity],
) -> None:
    assert len(estimates) > 100
    assert all(not e.missing and not e.provisional for e in estimates.values())


def test_the_bought_audience_is_low_and_every_other_account_looks_real(
    estimates: dict[tuple[str, str], Authenticity],
) -> None:
    bought = estimates.pop(("vuong-quoc-thang", "tiktok"))

    assert bought.value < 0.3
    parts = {c.code: c.value for c in bought.contributions}
    assert parts["follower_growth"] == 0.0
    assert parts["comment_quality"] == 0.0
    assert min(e.value for e in estimates.values()) > 0.85


def test_a_demo_record_is_the_same_on_every_load() -> None:
    account = _demo_accounts()[0]

    first = account_record(account, as_of=AS_OF, config=demo_config())
    again = account_record(account, as_of=AS_OF, config=demo_config())

    assert first == again
