"""Vietnamese and English labels of the stable codes shown in pages (Style rule 6)."""

from __future__ import annotations

from koltrust.cases.models import DecisionOutcome
from koltrust.cases.states import CaseState
from koltrust.media.timed import Source
from koltrust.media_records.models import MediaStatus
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.models import MembershipStatus, OrganisationKind, VerificationLevel
from koltrust.registry.reference import Language, Platform, niches, provinces
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.screening.model import Severity

# a pseudo-status for an influencer or organisation that has never had a membership
NO_MEMBERSHIP = "none"

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "membership": {
        MembershipStatus.APPLICANT: {"vi": "Đang xin gia nhập", "en": "Applicant"},
        MembershipStatus.MEMBER: {"vi": "Thành viên", "en": "Member"},
        MembershipStatus.SUSPENDED: {"vi": "Bị đình chỉ", "en": "Suspended"},
        MembershipStatus.EXPELLED: {"vi": "Bị khai trừ", "en": "Expelled"},
        MembershipStatus.WITHDRAWN: {"vi": "Đã rút khỏi liên minh", "en": "Withdrawn"},
        NO_MEMBERSHIP: {"vi": "Chưa tham gia", "en": "Not a member"},
    },
    "action": {
        MembershipAction.APPLY: {"vi": "Nộp đơn gia nhập", "en": "Apply"},
        MembershipAction.ADMIT: {"vi": "Kết nạp", "en": "Admit"},
        MembershipAction.SUSPEND: {"vi": "Đình chỉ", "en": "Suspend"},
        MembershipAction.REINSTATE: {"vi": "Khôi phục tư cách", "en": "Reinstate"},
        MembershipAction.EXPEL: {"vi": "Khai trừ", "en": "Expel"},
        MembershipAction.WITHDRAW: {"vi": "Rút khỏi liên minh", "en": "Withdraw"},
    },
    "verification": {
        VerificationLevel.NONE: {"vi": "Chưa xác minh", "en": "Not verified"},
        VerificationLevel.PHONE: {"vi": "Số điện thoại", "en": "Phone number"},
        VerificationLevel.NATIONAL_ID: {"vi": "Căn cước công dân", "en": "National ID card"},
        VerificationLevel.BUSINESS_REGISTRATION: {
            "vi": "Đăng ký kinh doanh",
            "en": "Business registration",
        },
    },
    "organisation_kind": {
        OrganisationKind.BUSINESS: {"vi": "Doanh nghiệp", "en": "Business"},
        OrganisationKind.MEDIA_OUTLET: {"vi": "Cơ quan báo chí", "en": "Media outlet"},
        OrganisationKind.PLATFORM: {"vi": "Nền tảng mạng xã hội", "en": "Platform"},
        OrganisationKind.AGENCY: {"vi": "Công ty truyền thông", "en": "Agency"},
    },
    "platform": {
        Platform.TIKTOK: {"vi": "TikTok", "en": "TikTok"},
        Platform.FACEBOOK: {"vi": "Facebook", "en": "Facebook"},
        Platform.YOUTUBE: {"vi": "YouTube", "en": "YouTube"},
        Platform.INSTAGRAM: {"vi": "Instagram", "en": "Instagram"},
        Platform.ZALO: {"vi": "Zalo", "en": "Zalo"},
        Platform.X: {"vi": "X", "en": "X"},
        Platform.THREADS: {"vi": "Threads", "en": "Threads"},
    },
    "language": {
        Language.VI: {"vi": "Tiếng Việt", "en": "Vietnamese"},
        Language.EN: {"vi": "Tiếng Anh", "en": "English"},
        Language.FR: {"vi": "Tiếng Pháp", "en": "French"},
        Language.ID: {"vi": "Tiếng Indonesia", "en": "Indonesian"},
    },
    "severity": {
        Severity.INFO: {"vi": "Thông tin", "en": "Info"},
        Severity.LOW: {"vi": "Thấp", "en": "Low"},
        Severity.MEDIUM: {"vi": "Trung bình", "en": "Medium"},
        Severity.HIGH: {"vi": "Cao", "en": "High"},
        Severity.CRITICAL: {"vi": "Nghiêm trọng", "en": "Critical"},
    },
    "media_status": {
        MediaStatus.QUEUED: {"vi": "Đang chờ xử lý", "en": "Waiting"},
        MediaStatus.PROCESSING: {"vi": "Đang xử lý", "en": "Processing"},
        MediaStatus.DONE: {"vi": "Đã xử lý", "en": "Done"},
        MediaStatus.FAILED: {"vi": "Không xử lý được", "en": "Failed"},
    },
    "media_source": {
        Source.SPEECH: {"vi": "Lời nói", "en": "Speech"},
        Source.ON_SCREEN: {"vi": "Chữ trên màn hình", "en": "On screen"},
        Source.CAPTION: {"vi": "Phụ đề", "en": "Captions"},
    },
    # fact-check verdicts (koltrust.claims.ratings.VERDICTS) and claim-match decisions
    "verdict": {
        "false": {"vi": "Sai", "en": "False"},
        "mostly_false": {"vi": "Phần lớn sai", "en": "Mostly false"},
        "misleading": {"vi": "Gây hiểu lầm", "en": "Misleading"},
        "mixed": {"vi": "Đúng một phần", "en": "Mixed"},
        "mostly_true": {"vi": "Phần lớn đúng", "en": "Mostly true"},
        "true": {"vi": "Đúng", "en": "True"},
        "unproven": {"vi": "Chưa được chứng minh", "en": "Unproven"},
        "satire": {"vi": "Châm biếm", "en": "Satire"},
        "scam": {"vi": "Lừa đảo", "en": "Scam"},
        "unrated": {"vi": "Chưa xếp loại", "en": "Unrated"},
    },
    "decision": {
        "none": {"vi": "Không khớp", "en": "No match"},
        "suggested": {"vi": "Có thể khớp", "en": "Suggested"},
        "confirmed": {"vi": "Khớp", "en": "Confirmed"},
    },
    "case_state": {
        CaseState.OPEN: {"vi": "Mới mở", "en": "Open"},
        CaseState.IN_REVIEW: {"vi": "Đang xem xét", "en": "In review"},
        CaseState.DECIDED_VIOLATION: {"vi": "Kết luận: có vi phạm", "en": "Decided: violation"},
        CaseState.DECIDED_NO_VIOLATION: {
            "vi": "Kết luận: không vi phạm",
            "en": "Decided: no violation",
        },
        CaseState.APPEALED: {"vi": "Đang khiếu nại", "en": "Appealed"},
        CaseState.APPEAL_DECIDED: {"vi": "Đã giải quyết khiếu nại", "en": "Appeal decided"},
        CaseState.CLOSED: {"vi": "Đã đóng", "en": "Closed"},
    },
    # the moves a case's timeline names (the transition table's, plus a reply)
    "case_move": {
        "open": {"vi": "Mở vụ việc", "en": "Case opened"},
        "start_review": {"vi": "Bắt đầu xem xét", "en": "Review started"},
        "reply": {"vi": "Phản hồi của người có ảnh hưởng", "en": "Influencer's reply"},
        "decide_violation": {"vi": "Kết luận có vi phạm", "en": "Decided: violation"},
        "decide_no_violation": {"vi": "Kết luận không vi phạm", "en": "Decided: no violation"},
        "appeal": {"vi": "Khiếu nại", "en": "Appeal lodged"},
        "decide_appeal": {"vi": "Giải quyết khiếu nại", "en": "Appeal decided"},
        "close": {"vi": "Đóng vụ việc", "en": "Case closed"},
        "assign": {"vi": "Phân công", "en": "Assigned"},
        "attach": {"vi": "Bổ sung bằng chứng", "en": "Evidence attached"},
    },
    "outcome": {
        DecisionOutcome.VIOLATION: {"vi": "Có vi phạm", "en": "Violation"},
        DecisionOutcome.NO_VIOLATION: {"vi": "Không vi phạm", "en": "No violation"},
        DecisionOutcome.UPHELD: {"vi": "Giữ nguyên quyết định", "en": "Upheld"},
        DecisionOutcome.OVERTURNED: {"vi": "Hủy bỏ quyết định", "en": "Overturned"},
    },
    "sanction_kind": {
        SanctionKind.REMINDER: {"vi": "Nhắc nhở", "en": "Reminder"},
        SanctionKind.WARNING: {"vi": "Cảnh cáo", "en": "Warning"},
        SanctionKind.PUBLIC_NOTICE: {"vi": "Thông báo công khai", "en": "Public notice"},
        SanctionKind.MEMBERSHIP_SUSPENSION: {
            "vi": "Đình chỉ tư cách thành viên",
            "en": "Membership suspension",
        },
        SanctionKind.VISIBILITY_RESTRICTION: {
            "vi": "Khuyến nghị hạn chế hiển thị",
            "en": "Visibility restriction recommended",
        },
        SanctionKind.EXPULSION: {"vi": "Khai trừ", "en": "Expulsion"},
    },
    "sanction_status": {
        SanctionStatus.ACTIVE: {"vi": "Đang có hiệu lực", "en": "In force"},
        SanctionStatus.EXPIRED: {"vi": "Đã hết hạn", "en": "Expired"},
        SanctionStatus.LIFTED: {"vi": "Đã gỡ bỏ", "en": "Lifted"},
        SanctionStatus.OVERTURNED: {"vi": "Đã hủy sau khiếu nại", "en": "Overturned on appeal"},
    },
}

# enum each label family must cover completely (checked by a test)
LABELLED_ENUMS = {
    "membership": MembershipStatus,
    "action": MembershipAction,
    "verification": VerificationLevel,
    "organisation_kind": OrganisationKind,
    "platform": Platform,
    "language": Language,
    "severity": Severity,
    "case_state": CaseState,
    "outcome": DecisionOutcome,
    "sanction_kind": SanctionKind,
    "sanction_status": SanctionStatus,
    "media_status": MediaStatus,
    "media_source": Source,
}

_PROFILE_URLS = {
    Platform.TIKTOK: "https://www.tiktok.com/@{}",
    Platform.FACEBOOK: "https://www.facebook.com/{}",
    Platform.YOUTUBE: "https://www.youtube.com/@{}",
    Platform.INSTAGRAM: "https://www.instagram.com/{}",
    Platform.ZALO: "https://zalo.me/{}",
    Platform.X: "https://x.com/{}",
    Platform.THREADS: "https://www.threads.net/@{}",
}


def label(family: str, code: str | None, locale: str) -> str:
    """The label of ``code`` in ``family`` for ``locale``; the code itself when unknown."""
    key = NO_MEMBERSHIP if code is None and family == "membership" else code
    if key is None:
        return ""
    entry = LABELS.get(family, {}).get(key)
    if entry is None:
        return key
    return entry.get(locale) or entry["vi"]


def niche_label(code: str, locale: str) -> str:
    """The niche's label in ``locale``; the code when the niche is unknown."""
    niche = niches().get(code)
    return niche.label(locale) if niche else code


def province_name(slug: str | None) -> str:
    """The province's official (Vietnamese) name; empty for none, the slug when unknown."""
    if not slug:
        return ""
    province = provinces().get(slug)
    return province.name_vi if province else slug


def account_link(platform: str, handle: str, url: str | None) -> str:
    """The stored profile URL, else the usual address of ``handle`` on ``platform``."""
    if url:
        return url
    pattern = _PROFILE_URLS.get(Platform(platform)) if platform in set(Platform) else None
    return pattern.format(handle) if pattern else ""
