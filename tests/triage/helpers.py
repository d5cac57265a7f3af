"""Posts to screen through the API, and findings and reports written straight to the tables
(as tests/cases/helpers.py and tests/reports/helpers.py do) to fill the queue."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from koltrust.cases.auto_open import AutoOpenPolicy
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.errors import PROBLEM_TYPE_BASE
from koltrust.reports.models import Report, ReportTarget
from koltrust.screening.model import Severity

# texts from the shipped rulebook's own examples, each matching exactly what its name says
VIOLATING = "Bài thuốc gia truyền 3 đời trị dứt điểm xương khớp, liệu trình chỉ 15 ngày 🌿"
LOW_CONFIDENCE = "Hàng sale sốc chỉ còn 5 suất, ib riêng để nhận stk chuyển khoản giữ hàng nha 🔥"
SHADOW_ONLY = "Kem trị mụn cấp tốc, 3 ngày xẹp mụn 😍 giá 159k"
HEALTH, SCAM, ADS = "prohibited_health_claim", "scam", "undisclosed_advertising"
POLICY = AutoOpenPolicy(rule_confidence=0.75, claims_confirm=0.75)
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def send_post(
    client: TestClient, headers: dict[str, str], *, text: str, influencer: str | None, **more: Any
) -> Response:
    """Store and screen a post through POST /api/v1/posts."""
    body = {"text": text, "influencer": influencer, "language": "vi"} | more
    response: Response = client.post("/api/v1/posts", json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response


def stored_finding(
    session: Session,
    *,
    influencer_id: int | None,
    category: str = HEALTH,
    severity: Severity = Severity.HIGH,
    confidence: float = 0.9,
    source: str = "rules",
    shadow: bool = False,
    at: datetime = T0,
) -> StoredFinding:
    """A new post by the influencer, screened once at ``at``, with one finding."""
    text = f"post {uuid.uuid4().hex}"
    sha = hashlib.sha256(text.encode()).hexdigest()
    post = Post(
        influencer_id=influencer_id,
        text=text,
        text_sha256=sha,
        language="vi",
        language_confidence=1.0,
    )
    session.add(post)
    session.flush()
    finding = StoredFinding(
        post_id=post.id,
        rule_id="claims.misinformation_match" if source == "claims" else f"vi.{category}",
        rule_version=1,
        rulebook_version="test",
        category=category,
        severity=severity,
        confidence=confidence,
        spans=[[0, 4]],
        excerpt="post",
        shadow=shadow,
        source=source,
    )
    run = ScreeningRun(
        post_id=post.id, rulebook_version="test", text_sha256=sha, screened_at=at, finding_count=1
    )
    run.findings.append(finding)
    session.add(run)
    session.flush()
    return finding


def stored_report(
    session: Session,
    *,
    influencer_id: int | None = None,
    post_id: int | None = None,
    category: str = HEALTH,
    trusted: bool = False,
    at: datetime = T0,
) -> Report:
    """A report about an influencer or a post, from a trusted flagger or not."""
    report = Report(
        target_kind=ReportTarget.POST if post_id else ReportTarget.INFLUENCER,
        post_id=post_id,
        influencer_id=influencer_id,
        category=category,
        text="báo cáo",
        client_key_hash="0" * 64,
        dedupe_key=uuid.uuid4().hex,
        trusted_flagger=trusted,
        created_at=at,
    )
    session.add(report)
    session.flush()
    return report


def hours(n: int) -> datetime:
    """``n`` hours after T0."""
    return T0 + timedelta(hours=n)


def problem(response: Response, status: int, code: str) -> dict[str, Any]:
    """The problem+json body of ``response``, after checking its status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["code"], body["type"]) == (code, PROBLEM_TYPE_BASE + code)
    return body
