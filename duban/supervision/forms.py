"""Forms of the warning board, letters and problems; every message names its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.asof import today
from duban.core.scoping import restrict
from duban.orgs.choices import UnitKind
from duban.orgs.models import Leader, Unit
from duban.projects.models import Category, Project
from duban.supervision.choices import Colour, LightKind, ProblemStatus, ProblemType
from duban.supervision.evidence import MAX_BYTES
from duban.supervision.models import Enterprise

COLOUR_FILTER = [("warn", _("红灯和黄灯")), *Colour.choices, ("all", _("全部"))]


class BoardFilterForm(forms.Form):
    """Filters of the warning board; unknown values fall back to the defaults (D3)."""

    group = forms.ChoiceField(
        label=_("考评组"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.all(), required=False
    )
    colour = forms.ChoiceField(label=_("灯色"), choices=COLOUR_FILTER, required=False)
    kind = forms.ChoiceField(
        label=_("对象"), choices=[("", "—"), *LightKind.choices], required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = restrict(Unit.objects.all(), user, "unit.view")  # type: ignore[attr-defined]


class IssueLetterForm(forms.Form):
    deadline = forms.DateField(label=_("回函期限"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_deadline(self) -> dt.date:
        deadline: dt.date = self.cleaned_data["deadline"]
        if deadline <= today():
            raise forms.ValidationError(_("回函期限应晚于今天"))
        return deadline


class ReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reply_text = forms.CharField(
        label=_("回函内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence = forms.FileField(
        label=_("佐证材料（PDF/PNG/JPEG，不超过10MB）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload is not None and (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError(_("佐证材料不能超过10MB"))
        return upload


class CancelLetterForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)


class ProblemForm(forms.Form):
    """A problem on a project (by its code) or an enterprise: exactly one of the two."""

    project_code = forms.CharField(label=_("项目编号"), max_length=32, required=False)
    enterprise = forms.ModelChoiceField(
        label=_("企业"), queryset=Enterprise.objects.none(), required=False
    )
    type = forms.ChoiceField(label=_("问题类型"), choices=ProblemType.choices)
    title = forms.CharField(label=_("问题概述"), max_length=100)
    description = forms.CharField(
        label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    department = forms.ModelChoiceField(
        label=_("协调部门"), queryset=Unit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    leader = forms.ModelChoiceField(label=_("挂钩领导"), queryset=Leader.objects.all())
    deadline = forms.DateField(label=_("办理期限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["enterprise"].queryset = restrict(  # type: ignore[attr-defined]
            Enterprise.objects.select_related("unit"), user, "problem.view"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("project_code") or "").strip()
        enterprise = data.get("enterprise")
        if bool(code) == bool(enterprise):
            self.add_error("project_code", _("项目编号和企业须且只能填写一项"))
            return data
        if code:
            project = restrict(
                Project.objects.filter(code=code).select_related("unit"), self.user, "project.view"
            ).first()
            if project is None:
                self.add_error("project_code", _("项目编号：找不到该项目"))
            data["project"] = project
        deadline = data.get("deadline")
        if deadline and deadline < today():
            self.add_error("deadline", _("办理期限：不能早于今天"))
        return data


class MoveProblemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label=_("新状态"), choices=ProblemStatus.choices)
    note = forms.CharField(label=_("办理说明"), max_length=255, required=False)
