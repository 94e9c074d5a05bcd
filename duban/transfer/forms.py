"""Forms of the import/export page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.transfer.choices import ImportKind
from duban.transfer.importers import ledger


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("文件（.xlsx、.xls、.et、.ods、Excel 2003 XML 或 .csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.et,.ods,.xml,.csv,.txt"}),
    )


class MappingForm(forms.Form):
    header = forms.CharField(max_length=200, widget=forms.HiddenInput)
    field = forms.ChoiceField(
        label=_("对应字段"),
        choices=[(k, v) for k, v in ledger.LABELS.items() if k != "listing"]
        + [("planned_investment_wan", "年度计划投资"), ("listing_kind", "年度计划类别")],
    )
