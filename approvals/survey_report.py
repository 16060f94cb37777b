"""The 实地调研情况报告 (十二) written from a survey record: a PDF from the print template
(templates/approvals/survey_print.html, as the other prints) and an editable .docx
(python-docx), both with the facts, the five headings' notes, the people, and the photos
with their time and place."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from approvals.models import FieldSurvey, SurveyPhoto
from approvals.surveys import fact_rows
from ledger.pdf import html_to_pdf
from ledger.uploads import sniff

TITLE = "实地调研情况报告"


def taken_text(photo: SurveyPhoto) -> str:
    if photo.taken_at is None:
        return "拍摄时间未记录"
    return f"拍摄时间：{timezone.localtime(photo.taken_at):%Y-%m-%d %H:%M}"


def photo_caption(photo: SurveyPhoto, n: int) -> str:
    source = f"（{photo.get_place_source_display()}）" if photo.place_source else ""
    return f"照片{n}　{taken_text(photo)}　位置：{photo.place}{source}"


def _photo_bytes(photo: SurveyPhoto) -> tuple[bytes, str]:
    with photo.image.open("rb") as f:
        body = f.read()
    kind = sniff(body[:16])
    mime = "image/png" if kind and kind[0] == "png" else "image/jpeg"
    return body, mime


def report_context(survey: FieldSurvey, *, for_pdf: bool) -> dict[str, Any]:
    photos = []
    for n, photo in enumerate(survey.photos.all(), start=1):
        if for_pdf:
            body, mime = _photo_bytes(photo)
            src = f"data:{mime};base64,{base64.b64encode(body).decode()}"
        else:
            src = ""
        photos.append({"photo": photo, "src": src, "caption": photo_caption(photo, n)})
    return {
        "survey": survey,
        "project": survey.project,
        "facts": fact_rows(survey.facts),
        "notes": survey.notes(),
        "people": survey.people_lines(),
        "photos": photos,
        "for_pdf": for_pdf,
        "title": TITLE,
    }


def report_pdf(survey: FieldSurvey) -> bytes:
    return html_to_pdf(render_to_string("approvals/survey_print.html", report_context(survey, for_pdf=True)))


def report_filename(survey: FieldSurvey, ext: str) -> str:
    return f"{TITLE}_{survey.project.number}_{survey.surveyed_on:%Y%m%d}.{ext}"


def report_docx(survey: FieldSurvey) -> bytes:
    doc = DocxDocument()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    project = survey.project
    heading = doc.add_heading(TITLE, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"项目名称：{project.name}")
    doc.add_paragraph(f"项目编号：{project.number}")
    doc.add_paragraph(f"调研日期：{survey.surveyed_on:%Y年%m月%d日}　工作轮次：{survey.round.name}")
    doc.add_heading("调研人员", level=1)
    for line in survey.people_lines():
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("调研所见", level=1)
    rows = fact_rows(survey.facts)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, text) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, text
    for n, (title, text) in enumerate(survey.notes(), start=1):
        doc.add_heading(f"{'一二三四五'[n - 1]}、{title}", level=1)
        for para in (text or "（无）").splitlines() or ["（无）"]:
            doc.add_paragraph(para)
    doc.add_heading("现场照片", level=1)
    photos = list(survey.photos.all())
    if not photos:
        doc.add_paragraph("（无）")
    for n, photo in enumerate(photos, start=1):
        body, _ = _photo_bytes(photo)
        try:
            doc.add_picture(BytesIO(body), width=Cm(12))
        except Exception:  # a file python-docx cannot read: the caption says so
            doc.add_paragraph("（照片无法读取）")
        doc.add_paragraph(photo_caption(photo, n))
    doc.add_paragraph("")
    doc.add_paragraph("调研人员（签字）：")
    doc.add_paragraph(f"{survey.unit.name if survey.unit else ''}（盖章）　　年　　月　　日")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
