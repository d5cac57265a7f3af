"""When a certificate may be issued and what status it shows (pure: plain data in, plain data
out, ``now`` passed in). The policy is ``certificate:`` in rules/scoring.yaml; the words of
every reason are here, in Vietnamese and English, beside their stable codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from koltrust.sanctions.kinds import SanctionKind
from koltrust.scoring.methodology import Methodology
from koltrust.scoring.reasons import SANCTION_LABELS
from koltrust.trust.kinds import CertificateStatus

LANGUAGES = ("vi", "en")

STATUS_LABELS: dict[CertificateStatus, tuple[str, str]] = {
    CertificateStatus.ACTIVE: ("Còn hiệu lực", "Valid"),
    CertificateStatus.SUSPENDED: ("Tạm đình chỉ", "Suspended"),
    CertificateStatus.REVOKED: ("Đã bị thu hồi", "Revoked"),
    CertificateStatus.EXPIRED: ("Đã hết hạn", "Expired"),
}

# reason code -> (vi, en); dates are rendered in each language's usual form
TEMPLATES: dict[str, tuple[str, str]] = {
    # why a certificate is not valid
    "expired": ("Hết hạn ngày {expires_at}.", "Expired on {expires_at}."),
    "renewed": (
        "Đã được thay thế ngày {at} bằng chứng nhận {code}.",
        "Replaced on {at} by certificate {code}.",
    ),
    "revoked_by_alliance": (
        "Liên minh thu hồi ngày {at}: {reason}",
        "Revoked by the alliance on {at}: {reason}",
    ),
    "revoked_by_sanction": (
        "Bị thu hồi do chế tài {kind} có hiệu lực từ ngày {since}.",
        "Revoked by a sanction of {kind} in force since {since}.",
    ),
    "suspended_by_sanction": (
        "Tạm đình chỉ do chế tài {kind} có hiệu lực từ ngày {since} đến {until}.",
        "Suspended by a sanction of {kind} in force from {since} until {until}.",
    ),
    # why a certificate cannot be issued
    "no_score": (
        "Chưa có điểm tín nhiệm; hãy tính điểm trước.",
        "No trust score yet; compute the score first.",
    ),
    "score_below_minimum": (
        "Tổng điểm {total} thấp hơn mức tối thiểu {min_score}.",
        "The total {total} is below the minimum of {min_score}.",
    ),
    "score_provisional": (
        "Điểm đang là tạm tính (chưa đủ dữ liệu).",
        "The score is provisional (too few data).",
    ),
    "band_suspended": (
        "Xếp hạng đang là đình chỉ.",
        "The band is suspended.",
    ),
    "score_stale": (
        "Điểm được tính ngày {computed_at}, quá {days} ngày; hãy tính lại.",
        "The score was computed on {computed_at}, more than {days} days ago; recompute it.",
    ),
    "not_member": (
        "Tư cách thành viên hiện tại là {membership}; cần là {required}.",
        "The membership is {membership}; it must be {required}.",
    ),
    "no_pledge": (
        "Chưa ký cam kết tuân thủ bộ quy tắc ứng xử.",
        "No signed pledge to the code of conduct.",
    ),
    "case_pending": (
        "{count} vụ việc về phát hiện mức {severities} đang chờ quyết định.",
        "{count} case(s) about a finding of severity {severities} await a decision.",
    ),
    "sanction_in_force": (
        "Đang có chế tài {kind} có hiệu lực.",
        "A sanction of {kind} is in force.",
    ),
}
NO_END = ("không thời hạn", "no end")
MEMBERSHIP_LABELS: dict[str | None, tuple[str, str]] = {
    None: ("chưa đăng ký", "none"),
    "applicant": ("đang xin gia nhập", "applicant"),
    "member": ("thành viên", "member"),
    "suspended": ("bị đình chỉ", "suspended"),
    "expelled": ("bị khai trừ", "expelled"),
    "withdrawn": ("đã rút", "withdrawn"),
}


class CertificateReason(NamedTuple):
    """A stable code and the values it quotes; words are rendered on reading."""

    code: str
    values: Mapping[str, Any]

    def text(self, language: str) -> str:
        """The reason in ``language`` (vi or en)."""
        index = LANGUAGES.index(language)
        shown = {key: _shown(key, value, index) for key, value in self.values.items()}
        return TEMPLATES[self.code][index].format(**shown)


def _shown(key: str, value: Any, language: int) -> str:
    if key == "membership":
        return MEMBERSHIP_LABELS.get(value, (str(value), str(value)))[language]
    if key == "required":
        return " / ".join(MEMBERSHIP_LABELS[code][language] for code in value)
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}" if language == 0 else f"{value:%Y-%m-%d}"
    if isinstance(value, SanctionKind):
        return SANCTION_LABELS[value.value][language]
    if value is None:
        return NO_END[language]
    return str(value)


class SanctionInForce(NamedTuple):
    """A sanction in force on the influencer (``ends_at`` None: permanent)."""

    id: int
    case_id: int
    kind: SanctionKind
    starts_at: datetime
    ends_at: datetime | None

    @property
    def evidence(self) -> tuple[str, str]:
        """Its evidence ids."""
        return (f"sanction:{self.id}", f"case:{self.case_id}")


@dataclass(frozen=True)
class Unmet:
    """A condition of issuance that does not hold, with the evidence behind it."""

    reason: CertificateReason
    evidence: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The condition's stable code."""
        return self.reason.code


@dataclass(frozen=True)
class Record:
    """What issuance reads about one influencer: the stored score (None before the first),
    the membership, the cases awaiting decision on a grave finding, the sanctions in force."""

    score_total: int | None
    score_band: str | None
    score_provisional: bool
    score_computed_at: datetime | None
    membership: str | None
    pledged_at: datetime | None
    blocking_case_ids: tuple[int, ...]
    sanctions: tuple[SanctionInForce, ...]


def unmet_conditions(record: Record, methodology: Methodology, now: datetime) -> list[Unmet]:
    """Every condition of the certificate policy that ``record`` fails at ``now``."""
    return [*_score_problems(record, methodology, now), *_record_problems(record, methodology)]


def _unmet(code: str, evidence: tuple[str, ...] = (), **values: Any) -> Unmet:
    return Unmet(CertificateReason(code, values), evidence)


def _score_problems(record: Record, m: Methodology, now: datetime) -> list[Unmet]:
    policy = m.certificate
    if record.score_total is None or record.score_computed_at is None:
        return [_unmet("no_score")]
    found: list[Unmet] = []
    if record.score_total < policy.min_score:
        found.append(
            _unmet("score_below_minimum", total=record.score_total, min_score=policy.min_score)
        )
    if record.score_provisional and not policy.provisional_allowed:
        found.append(_unmet("score_provisional"))
    if record.score_band == m.suspended.code:
        found.append(_unmet("band_suspended"))
    age = now - record.score_computed_at
    if age.total_seconds() > policy.max_score_age_days * 86_400:
        found.append(
            _unmet(
                "score_stale",
                computed_at=record.score_computed_at,
                days=policy.max_score_age_days,
            )
        )
    return found


def _record_problems(record: Record, m: Methodology) -> list[Unmet]:
    policy = m.certificate
    found: list[Unmet] = []
    allowed = tuple(sorted(status.value for status in policy.membership))
    if record.membership not in allowed:
        found.append(_unmet("not_member", membership=record.membership, required=allowed))
    if policy.pledge_required and record.pledged_at is None:
        found.append(_unmet("no_pledge"))
    if record.blocking_case_ids:
        found.append(
            _unmet(
                "case_pending",
                tuple(f"case:{case_id}" for case_id in record.blocking_case_ids),
                count=len(record.blocking_case_ids),
                severities=", ".join(s.value for s in policy.review.blocking_severities),
            )
        )
    grave = m.certificate_suspending_kinds | frozenset(policy.revoking_kinds)
    found.extend(
        _unmet("sanction_in_force", sanction.evidence, kind=sanction.kind)
        for sanction in record.sanctions
        if sanction.kind in grave
    )
    return found


@dataclass(frozen=True)
class StoredCertificate:
    """A certificate as stored: what explicit acts made of it."""

    status: CertificateStatus
    status_reason: str
    status_changed_at: datetime
    expires_at: datetime
    replaced_by: str | None = None  # the code of the certificate that renewed it


class Shown(NamedTuple):
    """The status a certificate shows, why (None while valid) and the evidence behind it."""

    status: CertificateStatus
    reason: CertificateReason | None
    evidence: tuple[str, ...]


def shown_status(
    stored: StoredCertificate,
    sanctions: Sequence[SanctionInForce],
    methodology: Methodology,
    now: datetime,
) -> Shown:
    """The status at ``now``. In order: revoked by the alliance; replaced by a renewal;
    revoked while a revoking sanction that began before the certificate's end is in force;
    expired after its end; suspended while a suspending sanction is in force; else valid."""
    if stored.status is CertificateStatus.REVOKED:
        values = {"at": stored.status_changed_at, "reason": stored.status_reason}
        return Shown(stored.status, CertificateReason("revoked_by_alliance", values), ())
    if stored.status is CertificateStatus.EXPIRED:
        values = {"at": stored.status_changed_at, "code": stored.replaced_by or "?"}
        return Shown(stored.status, CertificateReason("renewed", values), ())
    in_force = sorted(
        (s for s in sanctions if s.starts_at <= now and (s.ends_at is None or s.ends_at > now)),
        key=lambda s: (-s.kind.rank, s.starts_at),
    )
    revoking = frozenset(methodology.certificate.revoking_kinds)
    for sanction in in_force:
        if sanction.kind in revoking and sanction.starts_at < stored.expires_at:
            reason = CertificateReason(
                "revoked_by_sanction", {"kind": sanction.kind, "since": sanction.starts_at}
            )
            return Shown(CertificateStatus.REVOKED, reason, sanction.evidence)
    if stored.expires_at <= now:
        reason = CertificateReason("expired", {"expires_at": stored.expires_at})
        return Shown(CertificateStatus.EXPIRED, reason, ())
    for sanction in in_force:
        if sanction.kind in methodology.certificate_suspending_kinds:
            values = {"kind": sanction.kind, "since": sanction.starts_at, "until": sanction.ends_at}
            reason = CertificateReason("suspended_by_sanction", values)
            return Shown(CertificateStatus.SUSPENDED, reason, sanction.evidence)
    return Shown(CertificateStatus.ACTIVE, None, ())
