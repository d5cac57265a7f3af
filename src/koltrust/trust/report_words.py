"""The words of the due-diligence report in Vietnamese and English, beside the codes they name
(pure). Kept apart from the layout so a translator reads one file."""

from __future__ import annotations

# key -> (vi, en)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Báo cáo thẩm định người có ảnh hưởng", "Influencer due-diligence report"),
    "generated": ("Ngày lập báo cáo", "Generated on"),
    "methodology": ("Phương pháp chấm điểm", "Scoring methodology"),
    "public_page": ("Trang công khai", "Public page"),
    "platform": ("Nền tảng", "Platform"),
    "handle": ("Tài khoản", "Account"),
    "followers": ("Người theo dõi", "Followers"),
    "total_followers": ("Tổng số người theo dõi", "Total followers"),
    "no_accounts": ("Chưa ghi nhận tài khoản nào.", "No account on record."),
    "score": ("Chỉ số tín nhiệm", "Trust index"),
    "not_scored": (
        "Người này chưa được chấm điểm: chưa đủ dữ liệu hoặc chưa đến lượt tính.",
        "Not scored yet: there are not enough records, or the first computation has not run.",
    ),
    "interval": (
        "Khoảng tin cậy 90%: {low}–{high} điểm",
        "90% credible interval: {low}–{high} points",
    ),
    "computed": ("Tính ngày {day}", "Computed on {day}"),
    "provisional": ("Điểm tạm tính", "Provisional score"),
    "criteria": ("Bảng tiêu chí", "Criteria label"),
    "criteria_intro": (
        "Mỗi tiêu chí cho biết số điểm đạt được trên số điểm tối đa, lý do và mã bằng chứng; "
        "các tiêu chí cộng lại đúng bằng tổng điểm. Xem bằng chứng tại {base}/evidence/<loại>/<số> "
        "(ví dụ case:3 → {base}/evidence/case/3).",
        "Each criterion shows its points out of its maximum, the reason and the evidence ids; "
        "the criteria add up exactly to the total. Evidence is public at "
        "{base}/evidence/<kind>/<number> (e.g. case:3 → {base}/evidence/case/3).",
    ),
    "criterion": ("Tiêu chí", "Criterion"),
    "points": ("Điểm", "Points"),
    "reason": ("Lý do", "Reason"),
    "evidence": ("Bằng chứng", "Evidence"),
    "total": ("Tổng cộng", "Total"),
    "history": ("Diễn biến điểm", "Score history"),
    "no_history": ("Chưa có lịch sử điểm.", "No score history yet."),
    "sanctions": ("Chế tài", "Sanctions"),
    "no_sanctions": ("Không có chế tài nào.", "No sanctions on record."),
    "sanction": ("Chế tài", "Sanction"),
    "status": ("Trạng thái", "Status"),
    "from": ("Từ ngày", "From"),
    "until": ("Đến ngày", "Until"),
    "case": ("Vụ việc", "Case"),
    "permanent": ("Vĩnh viễn", "Permanent"),
    "certificate": ("Chứng nhận tín nhiệm", "Trust certificate"),
    "no_certificate": (
        "Chưa được cấp chứng nhận tín nhiệm.",
        "No trust certificate has been issued.",
    ),
    "code": ("Mã xác minh", "Verification code"),
    "issued": ("Cấp ngày", "Issued"),
    "expires": ("Hết hạn", "Expires"),
    "at_issue": ("Điểm khi cấp", "Score at issue"),
    "verify": ("Kiểm tra tại", "Verify at"),
    "about": ("Chỉ số này là gì và không là gì", "What this index is and is not"),
    "disclaimer": (
        "Chỉ số tín nhiệm do koltrust tính từ hồ sơ của liên minh: mức xác minh danh tính, tư "
        "cách thành viên và cam kết, các bài đăng đã được sàng lọc, các quyết định do con người "
        "xem xét, chế tài, đính chính, phản ánh được xác nhận, thống kê khán giả được nhập và các "
        "chiến dịch đã tham gia. Mỗi điểm đều được giải thích ở trên và dẫn tới bằng chứng công "
        "khai; phương pháp được công bố. Chỉ số phản ánh hồ sơ tại ngày lập báo cáo; đây không "
        "phải là chứng nhận cho sản phẩm hay cho một bài đăng cụ thể, không phải ý kiến pháp lý "
        "và không bảo đảm hành vi trong tương lai. Điểm tạm tính dựa trên quá ít dữ liệu. Sàng "
        "lọc tự động có thể bỏ sót hoặc hiểu sai; chỉ quyết định của con người mới xác nhận vi "
        "phạm, và người có ảnh hưởng có quyền khiếu nại. Hãy kiểm tra trang công khai và đường "
        "dẫn xác minh chứng nhận trước khi dựa vào báo cáo này.",
        "The trust index is computed by koltrust from the alliance's records: identity "
        "verification, membership and pledge, screened posts, decisions reviewed by people, "
        "sanctions, corrections, upheld reports, imported audience statistics and campaigns "
        "taken part in. Every point is explained above and leads to public evidence; the method "
        "is published. The index describes the record as it stands on the date of this report; "
        "it does not certify any product or particular post, is not a legal opinion and does "
        "not guarantee future conduct. A provisional score rests on too few data. Automatic "
        "screening can miss or misread content; only a decision by people confirms a "
        "violation, and the influencer may appeal it. Check the public page and the "
        "certificate's verification link before relying on this report.",
    ),
}

# sanction statuses (koltrust.sanctions.kinds.SanctionStatus) -> (vi, en)
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "active": ("Đang có hiệu lực", "In force"),
    "expired": ("Đã hết hạn", "Expired"),
    "lifted": ("Đã gỡ bỏ", "Lifted"),
    "overturned": ("Đã hủy sau khiếu nại", "Overturned on appeal"),
}

# certificate statuses (koltrust.trust.kinds.CertificateStatus) -> (vi, en)
CERTIFICATE_WORDS: dict[str, tuple[str, str]] = {
    "active": ("Còn hiệu lực", "Valid"),
    "suspended": ("Tạm đình chỉ", "Suspended"),
    "revoked": ("Đã thu hồi", "Revoked"),
    "expired": ("Đã hết hạn", "Expired"),
}

PLATFORM_NAMES = {
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "instagram": "Instagram",
    "zalo": "Zalo",
    "x": "X",
    "threads": "Threads",
}


def words(language: str) -> dict[str, str]:
    """Every word of the report in ``language`` (vi or en)."""
    index = 0 if language == "vi" else 1
    return {key: pair[index] for key, pair in WORDS.items()}
