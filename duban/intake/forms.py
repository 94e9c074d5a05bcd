"""Forms of the intake pages: the upload/paste form and the review form of one proposal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core import uploads
from duban.core.forms import Textarea
from duban.intake.office import MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, MAX_ZIP_UNCOMPRESSED
from duban.intake.text import MAX_BYTES, IntakeError, SourceDocument, load_bytes, load_paste
from duban.orgs.models import Unit
from duban.projects.models import Category
from duban.targets.choices import DUE_MONTH_LABELS, Commitment, Comparator
from duban.targets.models import Metric

# What the intake page accepts (E1): work reports as text, saved web pages, Word documents
# (.docx, and .doc/.wps through LibreOffice) and text PDFs.
UPLOAD_POLICY = uploads.Policy(
    kinds=frozenset({"txt", "html", "docx", "doc", "pdf"}),
    max_bytes=MAX_BYTES,
    max_entries=MAX_ZIP_ENTRIES,
    max_uncompressed=MAX_ZIP_UNCOMPRESSED,
    max_ratio=MAX_ZIP_RATIO,
    ratio_floor=0,
)


def due_month_choices() -> list[tuple[int, str]]:
    """全年, 上半年, 一季度, 前三季度, then every other month end."""
    named = [(month, str(label)) for month, label in DUE_MONTH_LABELS.items()]
    others = [
        (month, _("%(month)s月底前") % {"month": month})
        for month in range(1, 12)
        if month not in DUE_MONTH_LABELS
    ]
    return named + others


class UploadForm(forms.Form):
    """A file (.txt, .docx, .doc, .wps, .pdf, .html) or pasted text; the cleaned form carries
    the read document."""

    file = forms.FileField(label=_("上传文件"), required=False)
    text = forms.CharField(
        label=_("或粘贴文本"), required=False, widget=Textarea(attrs={"rows": 8})
    )

    def clean(self) -> dict[str, Any]:
        """Read the upload here so every refusal becomes a form error and nothing is saved."""
        # Django's clean() returns self.cleaned_data; read it from there, where its type is known.
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        text = data.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError(_("请只选择一种方式：上传文件或粘贴文本。"))
        if not upload and not text.strip():
            raise forms.ValidationError(_("请上传文件或粘贴文本。"))
        try:
            if upload:
                # The one upload module vets name, size and content first (E1); the reader
                # then parses only what passed.
                vetted = uploads.vet_upload(upload, UPLOAD_POLICY)
                document: SourceDocument = load_bytes(vetted.data, vetted.name)
            else:
                document = load_paste(text)
        except uploads.UploadRefused as exc:
            raise forms.ValidationError(exc.message) from exc
        except IntakeError as exc:
            raise forms.ValidationError(str(exc)) from exc
        data["document"] = document
        return data


class ReviewForm(forms.Form):
    """The reviewer's edits of one proposal and where an accepted one goes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("数值"), max_digits=20, decimal_places=4)
    value_unit = forms.CharField(label=_("单位"), max_length=16)
    metric_text = forms.CharField(label=_("指标表述"), max_length=255, required=False)
    comparator = forms.ChoiceField(label=_("比较方式"), choices=Comparator.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    metric = forms.ModelChoiceField(label=_("指标"), queryset=Metric.objects.none(), required=False)
    unit = forms.ModelChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("全区"),
    )
    # What the target counts (read from the text; the reviewer may correct it).
    category = forms.ModelChoiceField(
        label=_("项目类别"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("不限类别"),
    )
    min_investment = forms.DecimalField(
        label=_("总投资下限（万元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    strategic_only = forms.BooleanField(label=_("仅战略性新兴产业"), required=False)
    foreign_only = forms.BooleanField(label=_("仅外资项目"), required=False)
    due_month = forms.TypedChoiceField(
        label=_("期间"), coerce=int, choices=(), initial=12, required=False
    )
    commitment = forms.ChoiceField(label=_("承诺程度"), choices=Commitment.choices, required=False)
    confirm_subject = forms.BooleanField(label=_("确认采用"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Choices come from the database at form time (metrics are data, not code)."""
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.all()  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.all()  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.all()  # type: ignore[attr-defined]
        self.fields["due_month"].choices = due_month_choices()  # type: ignore[attr-defined]

    def require_target_fields(self) -> bool:
        """Accepting needs a year and a metric; editing and rejecting do not."""
        ok = True
        for name, message in (("year", _("请填写年度。")), ("metric", _("请选择指标。"))):
            if not self.cleaned_data.get(name):
                self.add_error(name, message)
                ok = False
        return ok
