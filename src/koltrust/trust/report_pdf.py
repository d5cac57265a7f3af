"""The due-diligence report: one influencer's trust profile as a PDF a business can file (fpdf2).

Text is set in DejaVu Sans, the TrueType font matplotlib ships, which carries every Vietnamese
letter; fpdf2 embeds only the glyphs used, with a ToUnicode map so the text stays searchable and
copyable. The report shows what the public page shows (``TrustProfile``), nothing more."""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from fpdf import FPDF
from fpdf.fonts import FontFace

from koltrust.registry.reference import niches, provinces
from koltrust.scoring.reasons import SANCTION_LABELS
from koltrust.trust.bands import band_colour, band_name
from koltrust.trust.chart import chart_description, history_chart
from koltrust.trust.profile import ScoreView, TrustProfile
from koltrust.trust.report_words import CERTIFICATE_WORDS, PLATFORM_NAMES, STATUS_WORDS, words

FONT = "DejaVu"
GREY = "#555555"
LIGHT = "#eeeeee"
LINE_HEIGHT = 5.0


@cache
def font_files() -> tuple[Path, Path]:
    """The regular and bold DejaVu Sans files inside matplotlib."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


class _Document(FPDF):
    """A4 pages with the report's footer: what it is, when, and the page number."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7.5)
        self.set_text_color(GREY)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"{self.page_no()}/{{nb}}", align="R")


def report_pdf(profile: TrustProfile, *, base_url: str) -> bytes:
    """The PDF report of ``profile`` (in its language); links are made absolute on ``base_url``."""
    w = words(profile.language)
    base = base_url.rstrip("/")
    pdf = _document(profile, w)
    _heading(pdf, profile, w, base)
    _score(pdf, profile.score, w, profile.language)
    if profile.score is not None:
        _criteria(pdf, profile.score, w, base)
    _history(pdf, profile, w)
    _sanctions(pdf, profile, w)
    _certificate(pdf, profile, w, base)
    _disclaimer(pdf, w)
    return bytes(pdf.output())


def _document(profile: TrustProfile, w: dict[str, str]) -> _Document:
    pdf = _Document(format="A4")
    regular, bold = font_files()
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    name = profile.influencer.display_name
    pdf.set_title(f"{w['title']}: {name}")
    pdf.set_author("koltrust")
    pdf.set_creator("koltrust")
    pdf.set_lang(profile.language)
    pdf.set_creation_date(profile.now)
    pdf.footer_text = f"koltrust · {w['title']} · {name} · {_day(profile.now, profile.language)}"
    pdf.add_page()
    return pdf


def _day(moment: datetime, language: str) -> str:
    return format_date(moment.date(), "long", locale=language)


def _short_day(moment: datetime, language: str) -> str:
    return format_date(moment.date(), "medium", locale=language)


def _number(value: int, language: str) -> str:
    return format_decimal(value, locale=language)


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    if pdf.will_page_break(24):
        pdf.add_page()
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color("#000000")
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color("#999999")
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.set_font(FONT, size=9.5)


def _paragraph(pdf: FPDF, text: str, *, size: float = 9.5, colour: str = "#000000") -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(colour)
    pdf.multi_cell(0, LINE_HEIGHT, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color("#000000")


def _heading(pdf: FPDF, profile: TrustProfile, w: dict[str, str], base: str) -> None:
    influencer, language = profile.influencer, profile.language
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(GREY)
    pdf.cell(0, 5, w["title"].upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color("#000000")
    pdf.multi_cell(0, 9, influencer.display_name, new_x="LMARGIN", new_y="NEXT")
    niche = niches().get(influencer.niche)
    province = provinces().get(influencer.province)
    where = [niche.label(language) if niche else influencer.niche]
    where.append(province.name_vi if province else influencer.province)
    _paragraph(pdf, " · ".join(where), colour=GREY)
    pdf.ln(1)
    _accounts(pdf, profile, w)
    lines = [
        f"{w['generated']}: {_day(profile.now, language)}",
        f"{w['methodology']}: {profile.methodology.version}",
        f"{w['public_page']}: {base}/influencers/{influencer.slug}",
    ]
    pdf.ln(1)
    _paragraph(pdf, "\n".join(lines), size=8.5, colour=GREY)


def _accounts(pdf: FPDF, profile: TrustProfile, w: dict[str, str]) -> None:
    accounts = profile.influencer.accounts
    if not accounts:
        _paragraph(pdf, w["no_accounts"])
        return
    language = profile.language
    with pdf.table(
        col_widths=(34, 100, 44),
        text_align=("LEFT", "LEFT", "RIGHT"),
        line_height=LINE_HEIGHT,
        headings_style=FontFace(emphasis="B", fill_color=LIGHT),
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row([w["platform"], w["handle"], w["followers"]])
        for account in accounts:
            platform = PLATFORM_NAMES.get(account.platform.value, account.platform.value)
            table.row([platform, f"@{account.handle}", _number(account.followers, language)])
        total = _number(profile.influencer.total_followers, language)
        table.row(["", w["total_followers"], total], style=FontFace(emphasis="B"))


def _score(pdf: FPDF, score: ScoreView | None, w: dict[str, str], language: str) -> None:
    _section(pdf, w["score"])
    if score is None:
        _paragraph(pdf, w["not_scored"])
        return
    top = pdf.get_y()
    pdf.set_fill_color(score.band_colour)
    pdf.set_text_color("#ffffff")
    pdf.set_font(FONT, "B", 26)
    pdf.cell(38, 16, f"{score.total}", align="C", fill=True, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 8)
    pdf.cell(38, 6, "/ 100", align="C", fill=True)
    pdf.set_text_color("#000000")
    pdf.set_fill_color("#ffffff")  # tables below fill with the current colour
    pdf.set_xy(pdf.l_margin + 44, top)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, score.band_name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=9.5)
    low, high = score.interval
    lines = [
        w["interval"].format(low=low, high=high),
        w["computed"].format(day=_day(score.computed_at, language)),
    ]
    if score.provisional:
        lines.append(f"{w['provisional']}: {'; '.join(score.provisional_reasons)}")
    pdf.multi_cell(0, LINE_HEIGHT, "\n".join(lines), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + 24))


def _criteria(pdf: FPDF, score: ScoreView, w: dict[str, str], base: str) -> None:
    _section(pdf, w["criteria"])
    _paragraph(pdf, w["criteria_intro"].format(base=base), size=8.5, colour=GREY)
    pdf.ln(1)
    pdf.set_font(FONT, size=8.5)
    with pdf.table(
        col_widths=(42, 16, 82, 38),
        text_align=("LEFT", "RIGHT", "LEFT", "LEFT"),
        line_height=4.2,
        headings_style=FontFace(emphasis="B", fill_color=LIGHT),
        borders_layout="HORIZONTAL_LINES",
        padding=(1.2, 1.0),
    ) as table:
        table.row([w["criterion"], w["points"], w["reason"], w["evidence"]])
        for pillar in score.pillars:
            row = table.row(style=FontFace(emphasis="B", fill_color="#f6f6f6"))
            row.cell(pillar.name)
            row.cell(f"{pillar.points} / {pillar.max_points}")
            row.cell("", colspan=2)
            for line in pillar.criteria:
                evidence = ", ".join(e.id for e in line.evidence) or "—"
                points = f"{line.points} / {line.max_points}"
                table.row([line.name, points, line.reason, evidence])
        row = table.row(style=FontFace(emphasis="B"))
        row.cell(w["total"])
        row.cell(f"{score.contributions_total} / 100")
        row.cell("", colspan=2)


def _history(pdf: FPDF, profile: TrustProfile, w: dict[str, str]) -> None:
    _section(pdf, w["history"])
    if not profile.history:
        _paragraph(pdf, w["no_history"])
        return
    png = history_chart(
        profile.influencer.slug,
        profile.history,
        fmt="png",
        language=profile.language,
        today=profile.now.date(),
        methodology=profile.methodology,
    )
    assert isinstance(png, bytes)
    if pdf.will_page_break(75):
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=pdf.epw)
    text = chart_description(profile.history, profile.language, profile.methodology)
    _paragraph(pdf, text, size=8.5, colour=GREY)


def _sanctions(pdf: FPDF, profile: TrustProfile, w: dict[str, str]) -> None:
    _section(pdf, w["sanctions"])
    if not profile.sanctions:
        _paragraph(pdf, w["no_sanctions"])
        return
    language, index = profile.language, 0 if profile.language == "vi" else 1
    pdf.set_font(FONT, size=8.5)
    with pdf.table(
        col_widths=(48, 34, 28, 28, 14, 26),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"),
        line_height=4.2,
        headings_style=FontFace(emphasis="B", fill_color=LIGHT),
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row([w["sanction"], w["status"], w["from"], w["until"], w["points"], w["case"]])
        for s in profile.sanctions:
            kind = SANCTION_LABELS[s.kind.value][index]
            status = STATUS_WORDS[profile.sanction_status(s).value][index]
            until = _short_day(s.ends_at, language) if s.ends_at else w["permanent"]
            start = _short_day(s.starts_at, language)
            table.row(
                [
                    kind[:1].upper() + kind[1:],
                    status,
                    start,
                    until,
                    str(s.points),
                    f"case:{s.case_id}",
                ]
            )


def _certificate(pdf: FPDF, profile: TrustProfile, w: dict[str, str], base: str) -> None:
    _section(pdf, w["certificate"])
    certificate = profile.certificate
    if certificate is None:
        _paragraph(pdf, w["no_certificate"])
        return
    index = 0 if profile.language == "vi" else 1
    status = CERTIFICATE_WORDS[certificate.status.value][index]
    language = profile.language
    lines = [
        f"{w['status']}: {status}",
        f"{w['code']}: {certificate.code}",
        f"{w['issued']}: {_day(certificate.issued_at, language)} · "
        f"{w['expires']}: {_day(certificate.expires_at, language)}",
        f"{w['at_issue']}: {certificate.score_total}/100 "
        f"({band_name(profile.methodology, certificate.band, language)})",
        f"{w['verify']}: {base}{certificate.verify_path}",
    ]
    pdf.set_fill_color(band_colour(certificate.band))
    pdf.rect(pdf.l_margin, pdf.get_y(), 1.5, LINE_HEIGHT * len(lines), style="F")
    pdf.set_fill_color("#ffffff")
    pdf.set_x(pdf.l_margin + 4)
    pdf.set_font(FONT, size=9.5)
    pdf.multi_cell(0, LINE_HEIGHT, "\n".join(lines), align="L", new_x="LMARGIN", new_y="NEXT")


def _disclaimer(pdf: FPDF, w: dict[str, str]) -> None:
    _section(pdf, w["about"])
    _paragraph(pdf, w["disclaimer"], size=8.5)
