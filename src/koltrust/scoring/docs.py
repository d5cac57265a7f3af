"""``docs/methodology.md``, generated from ``rules/scoring.yaml`` so the two cannot disagree.

Run ``python -m koltrust.scoring.docs > docs/methodology.md`` after changing the methodology."""

from __future__ import annotations

import sys
from typing import Any

from koltrust.cases.states import CaseState
from koltrust.scoring.methodology import Methodology, Pillar, default_methodology, measured_text
from koltrust.scoring.reasons import PROVISIONAL_LABELS

WORDS: dict[str, tuple[str, str]] = {
    "language": ("Tiếng Việt", "English"),
    "title": ("Phương pháp tính Chỉ số Tín nhiệm", "Trust Index methodology"),
    "version": ("Phiên bản phương pháp", "Methodology version"),
    "intro": (
        "Chỉ số chấm trên thang 100 điểm, chia theo năm trụ cột. Mỗi tiêu chí có trọng số "
        "(số điểm tối đa); điểm của tiêu chí bằng trọng số nhân với phần đạt được, rồi được "
        "làm tròn sao cho tổng các phần đúng bằng tổng điểm (phần dư lớn nhất được làm tròn "
        "lên trước). Mỗi phần điểm kèm lý do và mã bằng chứng.",
        "The index is scored out of 100 over five pillars. Each criterion has a weight (its "
        "maximum points); its points are the weight times the share achieved, rounded so that "
        "the parts add up exactly to the total (largest remainders are rounded up first). "
        "Every part comes with its reason and evidence ids.",
    ),
    "bands": ("Xếp hạng", "Bands"),
    "band": ("Xếp hạng", "Band"),
    "range": ("Điểm", "Points"),
    "suspended": (
        "được hiển thị thay cho xếp hạng theo điểm khi có chế tài đang hiệu lực thuộc loại",
        "is shown instead of the band of the points while a sanction of one of these kinds "
        "is in force",
    ),
    "pillars": ("Trụ cột và tiêu chí", "Pillars and criteria"),
    "points": ("điểm", "points"),
    "criterion": ("Tiêu chí", "Criterion"),
    "weight": ("Trọng số", "Weight"),
    "measured": ("Cách đo", "How it is measured"),
    "facts": ("Dữ kiện", "Facts"),
    "parameters": ("Tham số", "Parameters"),
    "priors": ("Phân phối tiên nghiệm (Beta)", "Priors (Beta)"),
    "decay": ("Chu kỳ bán rã của vi phạm (ngày)", "Half-life of a violation (days)"),
    "severity": ("Mức độ", "Severity"),
    "days": ("Ngày", "Days"),
    "uncertainty": ("Khoảng bất định", "Uncertainty"),
    "uncertainty_text": (
        "Bên cạnh tổng điểm, chỉ số công bố khoảng tin cậy Bayes {credible:.0%} của tổng "
        "(xấp xỉ chuẩn, cộng phương sai của các tiêu chí đo theo tỷ lệ và của ước lượng "
        "khán giả còn thiếu). Ít dữ liệu thì khoảng rộng; càng nhiều bài đăng khoảng càng hẹp.",
        "Beside the total the index publishes the {credible:.0%} Bayesian credible interval "
        "of the total (normal approximation, adding the variances of the rate criteria and of "
        "a missing audience estimate). Few data give a wide interval; more posts narrow it.",
    ),
    "provisional": ("Điểm tạm tính", "Provisional scores"),
    "provisional_text": (
        "Điểm được công bố là tạm tính khi có ít hơn {min_posts} bài đăng, thời gian hoạt động "
        "được ghi nhận dưới {min_account_age_days} ngày{audience_vi}. Lý do hiển thị:",
        "A score is published as provisional with fewer than {min_posts} posts, less than "
        "{min_account_age_days} days of activity on record{audience_en}. Reasons shown:",
    ),
    "certificate": ("Chứng nhận", "Certificates"),
    "certificate_intro": (
        "Chuyên viên phân tích hoặc quản trị viên cấp chứng nhận, có hiệu lực {validity_days} "
        "ngày, khi mọi điều kiện sau đều đúng với điểm đang lưu và hồ sơ hiện tại:",
        "An analyst or an administrator issues a certificate, valid {validity_days} days, "
        "when every condition below holds on the current stored score and record:",
    ),
    "cert_min_score": ("Tổng điểm từ {min_score} trở lên.", "A total of at least {min_score}."),
    "cert_not_provisional": ("Điểm không phải tạm tính.", "The score is not provisional."),
    "cert_not_suspended": (
        "Xếp hạng không phải **{suspended}**.",
        "The band is not **{suspended}**.",
    ),
    "cert_fresh": (
        "Điểm được tính trong vòng {days} ngày gần nhất.",
        "The score was computed within the last {days} days.",
    ),
    "cert_membership": ("Tư cách thành viên: {statuses}.", "Membership: {statuses}."),
    "cert_pledge": (
        "Đã ký cam kết tuân thủ bộ quy tắc ứng xử.",
        "A signed pledge to the code of conduct.",
    ),
    "cert_review": (
        "Thẩm định cho phép: không có vụ việc nào ở trạng thái {states} dựa trên phát hiện "
        "mức {severities}. Vụ việc chỉ dựa trên phản ánh (chưa có mức độ) không chặn.",
        "The review allows it: no case in state {states} rests on a finding of severity "
        "{severities}. A case resting only on reports (which have no severity until decided) "
        "does not block.",
    ),
    "cert_appeal": (
        "Vụ việc đang kháng nghị không chặn việc cấp: vi phạm bị kháng nghị đã được tính vào điểm.",
        "A case under appeal does not block: the violation it contests already counts in the "
        "score.",
    ),
    "cert_renewal": (
        "Mỗi người chỉ có một chứng nhận đang chạy. Trong {days} ngày cuối của hiệu lực, chứng "
        "nhận có thể được gia hạn theo cùng các điều kiện: chứng nhận mới thay thế chứng nhận "
        "cũ (chứng nhận cũ hiển thị là hết hạn, kèm mã của chứng nhận mới).",
        "An influencer holds one running certificate at a time. In the last {days} days of its "
        "validity it may be renewed under the same conditions: the new certificate replaces "
        "the old one (which then reads expired, naming the new code).",
    ),
    "cert_status": (
        "Trạng thái hiển thị được xác định mỗi lần đọc:",
        "The status shown is worked out whenever the certificate is read:",
    ),
    "cert_expired": (
        "**hết hạn** sau ngày hết hiệu lực;",
        "**expired** after its end;",
    ),
    "cert_suspended": (
        "**tạm đình chỉ** khi có chế tài {kinds} đang hiệu lực; trở lại hiệu lực khi chế tài "
        "kết thúc, được gỡ bỏ hoặc bị huỷ khi kháng nghị;",
        "**suspended** while a sanction of kind {kinds} is in force; valid again when it ends, "
        "is lifted or is overturned on appeal;",
    ),
    "cert_revoked": (
        "**bị thu hồi** khi có chế tài {kinds} đang hiệu lực (nếu chế tài bị huỷ khi kháng nghị, "
        "chứng nhận hiển thị lại trạng thái trước đó), hoặc vĩnh viễn khi quản trị viên thu hồi "
        "kèm lý do.",
        "**revoked** while a sanction of kind {kinds} is in force (if that sanction is "
        "overturned on appeal, the certificate shows its former status again), or for good "
        "once an administrator revokes it with a reason.",
    ),
}


def _w(key: str, lang: int) -> str:
    return WORDS[key][lang]


def methodology_markdown(methodology: Methodology) -> str:
    """The methodology page in Vietnamese, then English."""
    m = methodology
    lines = [
        f"# {_w('title', 0)} / {_w('title', 1)}",
        "",
        "<!-- generated from rules/scoring.yaml by `python -m koltrust.scoring.docs`;"
        " edit the YAML, not this file -->",
        "",
    ]
    for lang in (0, 1):
        lines += _section(m, lang)
    return "\n".join(lines).rstrip() + "\n"


def _section(m: Methodology, lang: int) -> list[str]:
    lines = [f"## {_w('language', lang)}", "", f"{_w('version', lang)}: `{m.version}`", ""]
    lines += [_w("intro", lang), "", f"### {_w('bands', lang)}", ""]
    lines += [f"| {_w('band', lang)} | {_w('range', lang)} |", "| --- | --- |"]
    for band in m.bands:
        lines.append(f"| {_name(band.name, lang)} (`{band.code}`) | {band.min}–{band.max} |")
    kinds = ", ".join(f"`{k.value}`" for k in m.suspended.sanction_kinds)
    lines += [
        "",
        f"**{_name(m.suspended.name, lang)}** (`{m.suspended.code}`) "
        f"{_w('suspended', lang)}: {kinds}.",
        "",
    ]
    lines += [f"### {_w('pillars', lang)}", ""]
    for number, pillar in enumerate(Pillar, start=1):
        lines += _pillar(m, pillar, number, lang)
    lines += _priors(m, lang)
    lines += _certificate(m, lang)
    return lines


def _certificate(m: Methodology, lang: int) -> list[str]:
    policy = m.certificate
    conditions = [_w("cert_min_score", lang).format(min_score=policy.min_score)]
    if not policy.provisional_allowed:
        conditions.append(_w("cert_not_provisional", lang))
    conditions.append(
        _w("cert_not_suspended", lang).format(suspended=_name(m.suspended.name, lang))
    )
    conditions.append(_w("cert_fresh", lang).format(days=policy.max_score_age_days))
    conditions.append(_w("cert_membership", lang).format(statuses=_codes(policy.membership)))
    if policy.pledge_required:
        conditions.append(_w("cert_pledge", lang))
    review = policy.review
    conditions.append(
        _w("cert_review", lang).format(
            states=_codes(review.pending_states), severities=_codes(review.blocking_severities)
        )
    )
    if CaseState.APPEALED not in review.pending_states:
        conditions[-1] += " " + _w("cert_appeal", lang)
    suspending = sorted(m.certificate_suspending_kinds, key=lambda kind: kind.rank)
    statuses = [
        _w("cert_expired", lang),
        _w("cert_suspended", lang).format(kinds=_codes(suspending)),
        _w("cert_revoked", lang).format(kinds=_codes(policy.revoking_kinds)),
    ]
    lines = [f"### {_w('certificate', lang)}", ""]
    lines += [_w("certificate_intro", lang).format(validity_days=policy.validity_days), ""]
    lines += [f"- {condition}" for condition in conditions]
    lines += ["", _w("cert_renewal", lang).format(days=policy.renewal_window_days), ""]
    lines += [_w("cert_status", lang), ""]
    lines += [f"- {status}" for status in statuses]
    return [*lines, ""]


def _codes(values: Any) -> str:
    return ", ".join(f"`{value.value}`" for value in values) or "—"


def _pillar(m: Methodology, pillar: Pillar, number: int, lang: int) -> list[str]:
    criteria = m.criteria_of(pillar)
    total = sum(c.weight for c in criteria)
    lines = [f"#### {number}. {_name(m.pillars[pillar], lang)} ({total} {_w('points', lang)})", ""]
    lines += [
        f"| {_w('criterion', lang)} | {_w('weight', lang)} | {_w('measured', lang)} "
        f"| {_w('facts', lang)} | {_w('parameters', lang)} |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in criteria:
        facts = ", ".join(f"`{f}`" for f in c.facts)
        measured = measured_text(c, ("vi", "en")[lang])
        lines.append(
            f"| {_name(c.name, lang)} (`{c.id}`) | {c.weight} | {measured} "
            f"| {facts} | {_parameters(c.measure.model_dump(mode='json'))} |"
        )
    return [*lines, ""]


def _priors(m: Methodology, lang: int) -> list[str]:
    lines = [f"### {_w('priors', lang)}", ""]
    for code, prior in m.priors.items():
        lines.append(
            f"- `{code}`: Beta({_number(prior.alpha)}, {_number(prior.beta)}) — "
            f"{_name(prior.about, lang)}"
        )
    lines += ["", f"### {_w('decay', lang)}", ""]
    lines += [f"| {_w('severity', lang)} | {_w('days', lang)} |", "| --- | --- |"]
    for severity, days in m.decay.half_life_days.items():
        lines.append(f"| `{severity.value}` | {_number(days)} |")
    lines += ["", f"### {_w('uncertainty', lang)}", ""]
    lines += [_w("uncertainty_text", lang).format(credible=m.interval.credible), ""]
    rules = m.provisional
    audience = (
        (" hoặc chưa có ước lượng khán giả thật", " or without an audience estimate")
        if rules.audience_estimate_required
        else ("", "")
    )
    lines += [f"### {_w('provisional', lang)}", ""]
    lines.append(
        _w("provisional_text", lang).format(
            min_posts=rules.min_posts,
            min_account_age_days=rules.min_account_age_days,
            audience_vi=audience[0],
            audience_en=audience[1],
        )
    )
    lines.append("")
    lines += [f"- `{code}`: {labels[lang]}" for code, labels in PROVISIONAL_LABELS.items()]
    return [*lines, ""]


def _name(label: Any, lang: int) -> str:
    return str(label.vi if lang == 0 else label.en)


def _parameters(dumped: dict[str, Any]) -> str:
    parts = []
    for key, value in dumped.items():
        if key == "kind":
            parts.append(f"`{value}`")
        elif isinstance(value, dict):
            inner = ", ".join(f"{k} {_number(v)}" for k, v in value.items())
            parts.append(f"{key}: {inner}")
        else:
            parts.append(f"{key} = {_number(value)}")
    return "; ".join(parts)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def main() -> None:
    """Print the methodology page generated from the shipped rules/scoring.yaml."""
    sys.stdout.write(methodology_markdown(default_methodology()))


if __name__ == "__main__":
    main()
