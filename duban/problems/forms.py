"""Forms of problems; every message names its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.asof import today
from duban.core.forms import DateInput, Textarea
from duban.core.scoping import restrict
from duban.orgs.choices import UnitKind
from duban.orgs.models import Leader, Unit
from duban.problems.choices import ProblemStatus, ProblemType
from duban.problems.models import Enterprise
from duban.projects.models import Project


class ProblemForm(forms.Form):
    """A problem on a project (by its code) or an enterprise: exactly one of the two."""

    project_code = forms.CharField(label=_("项目编号"), max_length=32, required=False)
    enterprise = forms.ModelChoiceField(
        label=_("企业"), queryset=Enterprise.objects.none(), required=False
    )
    type = forms.ChoiceField(label=_("问题类型"), choices=ProblemType.choices)
    title = forms.CharField(label=_("问题概述"), max_length=100)
    description = forms.CharField(
        label=_("问题描述"), max_length=2000, widget=Textarea(attrs={"rows": 4})
    )
    department = forms.ModelChoiceField(
        label=_("协调部门"), queryset=Unit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    leader = forms.ModelChoiceField(label=_("挂钩领导"), queryset=Leader.objects.all())
    deadline = forms.DateField(label=_("办理期限"), widget=DateInput())

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
