"""The words of each contribution's reason, in Vietnamese and English, beside the codes they
explain (pure). A reason is stored as its code and values, and rendered when read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

LANGUAGES = ("vi", "en")

# reason code (measure kind.case) -> (vi, en)
TEMPLATES: dict[str, tuple[str, str]] = {
    "disclosure_rate.none": (
        "Chưa ghi nhận bài quảng cáo nào; áp dụng giả định ban đầu {rate}.",
        "No commercial posts on record; the prior assumption of {rate} applies.",
    ),
    "disclosure_rate.some": (
        "{disclosed}/{commercial} bài quảng cáo được ghi rõ là quảng cáo; tỷ lệ ước lượng {rate}.",
        "{disclosed} of {commercial} commercial posts disclosed as advertising; "
        "estimated rate {rate}.",
    ),
    "verification_level.none": ("Chưa xác minh danh tính.", "Identity not verified."),
    "verification_level.phone": ("Đã xác minh số điện thoại.", "Phone number verified."),
    "verification_level.national_id": (
        "Đã xác minh giấy tờ tùy thân.",
        "National identity document verified.",
    ),
    "verification_level.business_registration": (
        "Đã xác minh đăng ký kinh doanh.",
        "Business registration verified.",
    ),
    "violation_load.none": (
        "Không có vi phạm nào được xác nhận.",
        "No confirmed violations.",
    ),
    "violation_load.some": (
        "{count} vi phạm được xác nhận; tính theo mức độ và thời gian, tổng trọng lượng còn "
        "{load} (mất hết điểm ở mức {zero_at}).",
        "{count} confirmed violation(s); weighted by severity and age they weigh {load} "
        "(every point is lost at {zero_at}).",
    ),
    "correction_rate.none": (
        "Không có sai phạm nào cần đính chính.",
        "Nothing needed a correction.",
    ),
    "correction_rate.some": (
        "Đã đính chính {corrected}/{needed} sai phạm được xác nhận; tỷ lệ ước lượng {rate}.",
        "{corrected} of {needed} confirmed errors corrected; estimated rate {rate}.",
    ),
    "account_age.unknown": (
        "Chưa rõ thời điểm bắt đầu hoạt động.",
        "Start of activity unknown.",
    ),
    "account_age.known": (
        "Hoạt động từ {since} ({days} ngày).",
        "Active since {since} ({days} days).",
    ),
    "audience_authenticity.unknown": (
        "Chưa có ước lượng khán giả thật; tạm tính {unknown} số điểm.",
        "No audience estimate yet; counted at {unknown} of the points.",
    ),
    "audience_authenticity.known": (
        "Ước lượng {share} người theo dõi và tương tác là thật.",
        "An estimated {share} of followers and engagement are real.",
    ),
    "upheld_report_rate.none": (
        "Không có phản ánh nào được xác nhận trên {posts} bài đăng; tỷ lệ ước lượng {rate}.",
        "No upheld reports over {posts} posts; estimated rate {rate}.",
    ),
    "upheld_report_rate.some": (
        "{upheld} phản ánh được xác nhận trên {posts} bài đăng; tỷ lệ ước lượng {rate}.",
        "{upheld} upheld report(s) over {posts} posts; estimated rate {rate}.",
    ),
    "membership_pledge.no_pledge": (
        "Chưa ký cam kết bộ quy tắc ứng xử.",
        "No pledge to the code of conduct on record.",
    ),
    "membership_pledge.member": (
        "Thành viên liên minh, đã cam kết ngày {since}.",
        "Alliance member; pledged on {since}.",
    ),
    "membership_pledge.applicant": (
        "Đang xin gia nhập liên minh, đã cam kết ngày {since}.",
        "Applying to join the alliance; pledged on {since}.",
    ),
    "membership_pledge.suspended": (
        "Tư cách thành viên đang bị đình chỉ (cam kết ngày {since}).",
        "Membership suspended (pledged on {since}).",
    ),
    "membership_pledge.expelled": (
        "Đã bị khai trừ khỏi liên minh.",
        "Expelled from the alliance.",
    ),
    "membership_pledge.withdrawn": (
        "Đã rút khỏi liên minh.",
        "Withdrew from the alliance.",
    ),
    "campaign_participation.some": (
        "Đã tham gia {joined} chiến dịch lan toả tích cực (đủ điểm từ {full_at}).",
        "Took part in {joined} positive campaign(s) (full points from {full_at}).",
    ),
    "penalty_points.some": (
        "Đang có {held} điểm phạt (mất hết điểm ở mức {zero_at}).",
        "{held} penalty point(s) held (every point is lost at {zero_at}).",
    ),
    "sanctions_in_force.none": (
        "Không có chế tài nào đang có hiệu lực.",
        "No sanction in force.",
    ),
    "sanctions_in_force.some": (
        "{count} chế tài đang có hiệu lực; nặng nhất: {kind}.",
        "{count} sanction(s) in force; the gravest: {kind}.",
    ),
}

SANCTION_LABELS: dict[str, tuple[str, str]] = {
    "reminder": ("nhắc nhở", "reminder"),
    "warning": ("cảnh cáo", "warning"),
    "public_notice": ("thông báo công khai", "public notice"),
    "membership_suspension": ("đình chỉ tư cách thành viên", "membership suspension"),
    "visibility_restriction": ("hạn chế hiển thị", "visibility restriction"),
    "expulsion": ("khai trừ", "expulsion"),
}

PROVISIONAL_LABELS: dict[str, tuple[str, str]] = {
    "few_posts": ("Chưa đủ bài đăng được ghi nhận", "Too few posts on record"),
    "new_account": ("Thời gian hoạt động được ghi nhận còn ngắn", "Activity on record is recent"),
    "no_audience_estimate": ("Chưa có ước lượng khán giả thật", "No audience estimate yet"),
}

_SHARES = frozenset({"rate", "share", "unknown"})


class Reason(NamedTuple):
    """Why a criterion got its points: a stable code (``violation_load.some``) and the values
    it quotes. Words are rendered on reading, so a stored score keeps codes, not prose."""

    code: str
    values: Mapping[str, Any]

    @property
    def vi(self) -> str:
        """The reason in Vietnamese."""
        return self.text("vi")

    @property
    def en(self) -> str:
        """The reason in English."""
        return self.text("en")

    def text(self, language: str) -> str:
        """The reason in ``language`` (vi or en)."""
        index = LANGUAGES.index(language)
        template = TEMPLATES[self.code][index]
        return template.format(**_shown(self.values, index)) if self.values else template


def _shown(values: Mapping[str, Any], language: int) -> dict[str, str]:
    shown: dict[str, str] = {}
    for key, value in values.items():
        if key in _SHARES:
            text = f"{value:.1%}" if value < 0.1 else f"{value:.0%}"
        elif key == "kind":
            text = SANCTION_LABELS[value][language]
        elif isinstance(value, float):
            text = f"{value:.1f}".removesuffix(".0")
        else:
            text = str(value)
        shown[key] = text.replace(".", ",") if language == 0 and key != "since" else text
    return shown
