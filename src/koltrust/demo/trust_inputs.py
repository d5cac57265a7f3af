"""The trust index's inputs in the demo: account statistics for every demo account (made
deterministically from each handle, so every load gives the same figures), two campaigns with
participants, and two published corrections, one for a demo case. Everything goes through the
real services (import, estimate, audit, rescoring). ``data/trust_inputs.json`` holds the
words and the knobs; one account, of a crypto-signals seller, has a bought audience: a
follower spike, copied and generic comments, many fake followers, little engagement."""

from __future__ import annotations

import itertools
import json
import random
import zlib
from datetime import date, datetime, timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from koltrust.audience import repository as audience_repository
from koltrust.audience import service as audience
from koltrust.audience.importer import SourceRecord
from koltrust.auth.permissions import SYSTEM
from koltrust.campaigns import repository as campaigns_repository
from koltrust.campaigns import service as campaigns
from koltrust.campaigns.schemas import CampaignCreate, CorrectionIn, ParticipationIn
from koltrust.cases import repository as cases_repository
from koltrust.registry import repository as registry
from koltrust.registry.models import Account
from koltrust.scoring.audience.engagement import tier_for


def demo_config() -> dict[str, Any]:
    """The words and knobs of ``data/trust_inputs.json``."""
    text = files("koltrust.demo").joinpath("data/trust_inputs.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def load_trust_inputs(session: Session, *, slugs: list[str], now: datetime) -> dict[str, int]:
    """Statistics for the accounts of ``slugs`` that have none, the campaigns and the
    corrections not loaded yet; returns how many of each the demo holds."""
    config = demo_config()
    snapshots = _load_statistics(session, config, slugs=slugs, now=now)
    participations = _load_campaigns(session, config["campaigns"], now=now)
    _load_corrections(session, config["corrections"], now=now)
    return {
        "account_snapshots": snapshots,
        "campaigns": len(config["campaigns"]),
        "participations": participations,
        "corrections": len(config["corrections"]),
    }


def _load_statistics(
    session: Session, config: dict[str, Any], *, slugs: list[str], now: datetime
) -> int:
    accounts = []
    for slug in slugs:
        influencer = registry.influencer_by_slug(session, slug)
        if influencer is None:
            raise ValueError(f"demo influencer '{slug}' is missing")
        accounts.extend(influencer.accounts)
    stored = audience_repository.latest_snapshots(session, [a.id for a in accounts])
    as_of = (now - timedelta(days=config["statistics"]["as_of_days_ago"])).date()
    records = [
        SourceRecord(index, account_record(account, as_of=as_of, config=config))
        for index, account in enumerate(a for a in accounts if a.id not in stored)
    ]
    if records:
        audience.import_records(
            session,
            actor=SYSTEM,
            records=records,
            source="demo/trust_inputs.json",
            unit="index",
            strict=True,
            now=now,
        )
    return len(accounts)


def _is_bought(account: Account, bought: dict[str, Any]) -> bool:
    named = (bought["influencer"], bought["platform"])
    return (account.influencer.slug, account.platform.value) == named


def account_record(account: Account, *, as_of: date, config: dict[str, Any]) -> dict[str, Any]:
    """The statistics of one demo account as an import record (JSON-ready)."""
    seed = zlib.crc32(f"{account.platform.value}:{account.handle}".encode())
    rng = random.Random(seed)  # noqa: S311 - demo figures, the same on every load
    normal, bought = config["statistics"], config["bought_audience"]
    is_bought = _is_bought(account, bought)
    followers = account.followers
    if is_bought:
        rate = bought["engagement_rate"]
        comments = [rng.choice(bought["comments"]) for _ in range(normal["comments_per_account"])]
    else:
        rate = tier_for(followers).typical * rng.uniform(*normal["engagement_factor"])
        comments = rng.sample(normal["comments"], normal["comments_per_account"])
    return {
        "platform": account.platform.value,
        "handle": account.handle,
        "as_of": as_of.isoformat(),
        "followers": followers,
        "following": rng.randint(80, 1_200),
        "posts": rng.randint(120, 1_600),
        "engagement_per_post": round(followers * rate, 1),
        "history": history(
            rng,
            followers=followers,
            as_of=as_of,
            weeks=normal["history_weeks"],
            months=rng.randint(*normal["history_months"]),
            growth=normal["weekly_growth"],
            spike=bought["spike"] if is_bought else None,
        ),
        "comments": comments,
        "follower_samples": follower_samples(
            rng,
            count=normal["follower_samples_per_account"],
            fake_share=bought["fake_share"] if is_bought else normal["fake_share"],
        ),
    }


def history(
    rng: random.Random,
    *,
    followers: int,
    as_of: date,
    weeks: int,
    months: int,
    growth: list[float],
    spike: dict[str, Any] | None,
) -> list[list[Any]]:
    """Follower counts ending with ``followers`` on ``as_of``: weekly for ``weeks`` weeks,
    every four weeks for ``months`` before that (so the account has a past), growing steadily,
    or with ``spike`` a jump of ``gain_share`` of the followers in the week ``weeks_ago``."""
    weekly = rng.uniform(*growth)
    ages = list(range(weeks)) + [weeks - 1 + 4 * month for month in range(1, months + 1)]
    counts = [float(followers)]
    for newer, older in itertools.pairwise(ages):
        previous = counts[-1] / (1 + weekly * rng.uniform(0.9, 1.1)) ** (older - newer)
        if spike is not None and older == spike["weeks_ago"]:
            previous -= followers * spike["gain_share"]
        counts.append(previous)
    days = [as_of - timedelta(weeks=age) for age in ages]
    return [
        [day.isoformat(), round(count)]
        for day, count in reversed(list(zip(days, counts, strict=True)))
    ]


def follower_samples(rng: random.Random, *, count: int, fake_share: float) -> list[dict[str, Any]]:
    """``count`` follower profiles, ``fake_share`` of them shaped like bought accounts (few
    followers, many followings, no biography or posts, digit-heavy names)."""
    fakes = round(count * fake_share)
    return [_fake_profile(rng) if i < fakes else _real_profile(rng) for i in range(count)]


def _real_profile(rng: random.Random) -> dict[str, Any]:
    length = rng.randint(6, 16)
    return {
        "followers": int(rng.lognormvariate(5.5, 1.0)),
        "following": int(rng.lognormvariate(5.8, 0.6)),
        "biography_length": rng.choice([0, rng.randint(10, 150), rng.randint(10, 150)]),
        "media_count": int(rng.lognormvariate(3.5, 1.0)),
        "has_profile_picture": rng.random() < 0.95,
        "is_private": rng.random() < 0.35,
        "username_length": length,
        "username_digits": min(length, rng.choice([0, 0, 0, 1, 2, 4])),
    }


def _fake_profile(rng: random.Random) -> dict[str, Any]:
    length = rng.randint(10, 18)
    return {
        "followers": rng.randint(0, 30),
        "following": rng.randint(800, 7_500),
        "biography_length": 0,
        "media_count": rng.randint(0, 3),
        "has_profile_picture": rng.random() < 0.2,
        "is_private": False,
        "username_length": length,
        "username_digits": rng.randint(4, 8),
    }


def _load_campaigns(session: Session, specs: list[dict[str, Any]], *, now: datetime) -> int:
    participations = 0
    for spec in specs:
        campaign = campaigns_repository.campaign_by_slug(session, spec["slug"])
        if campaign is None:
            ends = spec["ends_days_ago"]
            data = CampaignCreate(
                name=spec["name"],
                slug=spec["slug"],
                description=spec["description"],
                starts_on=(now - timedelta(days=spec["starts_days_ago"])).date(),
                ends_on=None if ends is None else (now - timedelta(days=ends)).date(),
            )
            campaign = campaigns.create_campaign(session, actor=SYSTEM, data=data)
        for joined in spec["participants"]:
            participations += 1
            influencer = registry.influencer_by_slug(session, joined["influencer"])
            assert influencer is not None, joined["influencer"]
            if campaigns_repository.participation(session, campaign.id, influencer.id):
                continue
            entry = ParticipationIn(
                influencer=joined["influencer"],
                joined_at=now - timedelta(days=joined["joined_days_ago"]),
                evidence_url=joined["evidence_url"],
            )
            campaigns.join_campaign(session, actor=SYSTEM, slug=spec["slug"], data=entry, now=now)
    return participations


def _load_corrections(session: Session, specs: list[dict[str, Any]], *, now: datetime) -> None:
    for spec in specs:
        influencer = registry.influencer_by_slug(session, spec["influencer"])
        assert influencer is not None, spec["influencer"]
        if campaigns_repository.correction_with_url(session, influencer.id, spec["url"]):
            continue
        data = CorrectionIn(
            url=spec["url"],
            published_at=now - timedelta(days=spec["published_days_ago"]),
            case_id=_case_id(session, influencer.id, spec["case_category"]),
            note=spec["note"],
        )
        campaigns.add_correction(session, actor=SYSTEM, slug=spec["influencer"], data=data, now=now)


def _case_id(session: Session, influencer_id: int, category: str | None) -> int | None:
    """The influencer's first demo case of ``category`` (None without a category)."""
    if category is None:
        return None
    found, _ = cases_repository.search_cases(
        session, state=None, influencer_id=influencer_id, offset=0, limit=100
    )
    matching = sorted(case.id for case in found if case.category == category)
    if not matching:
        raise ValueError(f"the demo has no {category} case for influencer {influencer_id}")
    return matching[0]
