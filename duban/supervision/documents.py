"""The supervision letter (督办函) as an official document in the 信函格式 of GB/T 9704-2012.

The wording (发文机关标志, title, opening and closing paragraphs, 署名) is the letter template
发改局 edits; each letter keeps the wording it was issued with (`SupervisionLetter.wording`),
so editing the template later never changes a letter already sent.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError

from duban.core.asof import Month
from duban.core.officialdoc import (
    Imprint,
    Layout,
    OfficialDocument,
    Paragraph,
    chinese_date,
    render_docx,
)
from duban.documents.choices import DocumentKind
from duban.documents.queries import wording_for
from duban.documents.registry import DocumentCommand, Generated
from duban.documents.wording import Wording
from duban.orgs.models import District
from duban.supervision.models import SupervisionLetter


def wording_of(letter: SupervisionLetter) -> Wording:
    """The wording the letter was issued with (letters issued before templates existed carry
    none and are shown with today's template)."""
    return Wording.from_dict(letter.wording) if letter.wording else wording_for(DocumentKind.LETTER)


def placeholder_values(letter: SupervisionLetter) -> dict[str, str]:
    district = District.current()
    subject = letter.project.name if letter.project_id and letter.project else letter.subject_label
    return {
        "district": district.name if district else "",
        "unit": letter.unit.name,
        "subject": subject,
        "subject_kind": {"project": "项目", "task": "工作任务"}.get(letter.kind, "目标任务"),
        "month": Month.parse(letter.light_month).label,
        "gap": letter.gap_text,
        "deadline": chinese_date(letter.deadline),
    }


def body_paragraphs(letter: SupervisionLetter) -> list[str]:
    """The body text, also shown on the letter's page so both say the same thing."""
    wording = wording_of(letter)
    values = placeholder_values(letter)
    return wording.paragraphs("opening", values) + wording.paragraphs("closing", values)


def document(letter: SupervisionLetter) -> OfficialDocument:
    wording = wording_of(letter)
    values = placeholder_values(letter)
    closing = wording.paragraphs("closing", values)
    body = [Paragraph(p) for p in wording.paragraphs("opening", values) + closing[:-1]]
    return OfficialDocument(
        issuer_mark=wording.issuer_mark,
        number=letter.number,
        title=wording.filled("title", values),
        addressee=wording.filled("addressee", values) or letter.unit.name,
        body=body,
        closing=closing[-1] if closing else "",
        signature=letter.issuer_name or wording.signature,
        date=letter.issued_on,
        imprint=Imprint(cc=wording.cc_list) if wording.cc_list else None,
        layout=Layout.LETTER,
    )


def build_docx(letter: SupervisionLetter) -> bytes:
    return render_docx(document(letter))


# --- the command line: `duban document letter --number N --year YYYY --out FILE.docx` ---------


def _arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--number", type=int, required=True, help="文号中的序号，如 3")
    parser.add_argument("--year", type=int, required=True, help="文号中的年份，如 2021")


def _build(options: Mapping[str, Any]) -> Generated:
    letter = (
        SupervisionLetter.objects.select_related("unit", "project")
        .filter(year=options["year"], serial=options["number"])
        .first()
    )
    if letter is None:
        raise CommandError(f"没有{options['year']}年第{options['number']}号督办函")
    return Generated(docx=build_docx(letter), title=f"{letter.number} {letter.subject_label}")


DOCUMENT_COMMANDS = [
    DocumentCommand(name="letter", help="督办函", add_arguments=_arguments, build=_build)
]
