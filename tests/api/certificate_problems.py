"""Requests that provoke the certificate errors, for the problem-shape table: issuing to an
influencer who does not qualify, and issuing while a certificate is running."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from koltrust.db.types import utcnow
from koltrust.registry import repository as registry
from koltrust.trust.certificate_codes import new_code
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate
from tests.api.due_process_problems import World

SLUG = "linh-an"


def not_qualified(w: World) -> httpx.Response:
    response: httpx.Response = w.client.post(
        f"/api/v1/influencers/{SLUG}/certificates", headers=w.analyst
    )
    return response


def already_running(w: World) -> httpx.Response:
    now = utcnow()
    with w.stage.factory() as session:
        influencer = registry.influencer_by_slug(session, SLUG)
        assert influencer is not None
        session.add(
            Certificate(
                influencer_id=influencer.id,
                code=new_code(),
                issued_at=now - timedelta(days=10),
                expires_at=now + timedelta(days=355),
                status=CertificateStatus.ACTIVE,
                score_total=88,
                band="trusted",
                methodology_version="2025.1",
                issued_by="analyst@example.org",
            )
        )
        session.commit()
    return not_qualified(w)


def lists_unmet_conditions(_: httpx.Response, body: dict[str, Any]) -> None:
    codes = [item["code"] for item in body["unmet"]]
    assert codes == ["no_score", "not_member", "no_pledge"]
    assert all(item["message"] and item["message_vi"] for item in body["unmet"])


def names_the_running_certificate(_: httpx.Response, body: dict[str, Any]) -> None:
    assert body["certificate"].startswith("KT-")
    assert body["renewable_from"] < body["expires_at"]
