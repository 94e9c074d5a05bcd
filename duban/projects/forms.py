"""Forms validate pages and imported rows alike; every message names its field in Chinese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, MoneyField, MultipleFileField, Textarea
from duban.orgs.models import Unit
from duban.projects.choices import Industry, Listing, Stage
from duban.projects.facts import FACT_FIELDS
from duban.projects.models import Category, Project
from duban.projects.services import EDITABLE_FIELDS


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label=_("关键字"), required=False, max_length=64)
    # The unit's id, from a list of (id, name) rows: at province scale (2,000 units) building
    # a model instance per option cost more than the rest of the page.
    unit = forms.TypedChoiceField(label=_("责任单位"), coerce=int, empty_value=None, required=False)
    # The category's id, from (id, name) rows like the unit: the model field read its
    # options through a server-side cursor, a round trip more on every ledger page.
    category = forms.TypedChoiceField(label=_("类别"), coerce=int, empty_value=None, required=False)
    stage = forms.ChoiceField(label=_("阶段"), choices=[("", "—"), *Stage.choices], required=False)
    listing = forms.ChoiceField(
        label=_("年度计划"), choices=[("", "—"), *Listing.choices], required=False
    )
    industry = forms.ChoiceField(
        label=_("产业"), choices=[("", "—"), *Industry.choices], required=False
    )
    strategic = forms.BooleanField(label=_("战新产业"), required=False)
    foreign = forms.BooleanField(label=_("外资"), required=False)
    min_investment_wan = MoneyField(label=_("总投资≥（万元）"), required=False, min_value=0)
    max_investment_wan = MoneyField(label=_("总投资≤（万元）"), required=False, min_value=0)

    def __init__(self, *args: Any, choices: LedgerChoices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units, categories = choices or self.choices()
        self.fields["unit"].choices = [("", "---------"), *units]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "---------"), *categories]  # type: ignore[attr-defined]

    @staticmethod
    def choices() -> LedgerChoices:
        """The units (in their own order) and the categories the filter offers, as plain
        (id, name) rows: the page renders the filter from these and the query alone."""
        return (
            tuple(Unit.objects.values_list("pk", "name")),
            tuple(Category.objects.values_list("pk", "name")),
        )


# (units, categories) of the ledger's filter, each as (id, name) rows.
LedgerChoices = tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]


# The widgets of a project's own fields, on the edit page and the new-project page alike.
PROJECT_WIDGETS = {
    "planned_start": DateInput(),
    "planned_completion": DateInput(),
    "description": Textarea(attrs={"rows": 3}),
}


def check_planned_dates(form: forms.BaseForm) -> None:
    """The planned completion is not before the planned start (both project forms)."""
    start = form.cleaned_data.get("planned_start")
    end = form.cleaned_data.get("planned_completion")
    if start and end and end < start:
        form.add_error("planned_completion", _("计划竣工日期不能早于计划开工日期"))


class ProjectForm(forms.ModelForm[Project]):
    """Edits the fields a unit maintains. `version` is the optimistic lock (F2)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    total_investment_wan = MoneyField(
        label=_("总投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    # 发改局 corrects a counted fact directly, with a reason the audit keeps; a unit's change
    # of such a fact is filed as a claim instead (duban.projects.facts).
    fact_reason = forms.CharField(label=_("更正理由"), max_length=255, required=False)

    class Meta:
        model = Project
        fields = [f for f in EDITABLE_FIELDS]
        widgets = PROJECT_WIDGETS

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        self.claims_facts = user is not None and user.role == "reporter"
        if self.claims_facts:
            # A unit cannot hand its project to another unit; the field is not even offered.
            self.fields.pop("unit")
            self.fields.pop("fact_reason")
            for name in FACT_FIELDS:
                if name in self.fields:
                    self.fields[name].help_text = _("修改后须经牵头部门认定才生效")

    def clean(self) -> dict[str, Any]:
        # Django's clean() returns self.cleaned_data; read it from there, where its type is known.
        super().clean()
        data = self.cleaned_data
        check_planned_dates(self)
        facts_changed = [n for n in self.changed_data if n in FACT_FIELDS]
        if facts_changed and not self.claims_facts and not data.get("fact_reason", "").strip():
            self.add_error("fact_reason", _("直接更正计入考评的项目要素必须填写更正理由"))
        return data

    def fact_changes(self) -> list[str]:
        """The counted facts this save changes (a reporter's become claims)."""
        return [n for n in self.changed_data if n in FACT_FIELDS]

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name not in ("version", "fact_reason")
        }


class NodeCompleteForm(forms.Form):
    """Complete a node on a date with its evidence (photos, PDF, Office documents)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = forms.DateField(label=_("完成日期"), widget=DateInput())
    evidence = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = MultipleFileField(label=_("佐证材料"))


class NodeReviseForm(forms.Form):
    """Move a node's planned date; the reason is required and the original date stays."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    planned_on = forms.DateField(label=_("新计划日期"), widget=DateInput())
    reason = forms.CharField(label=_("调整原因"), max_length=255)


class NewProjectForm(forms.ModelForm[Project]):
    """A project typed by hand (新建项目), with its listing in the year's plan: the same creation
    path as an imported row (`services.create_projects`), so it gets its node plan, its listing
    and its audit rows exactly as an import's project does."""

    total_investment_wan = MoneyField(
        label=_("总投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    listing_kind = forms.ChoiceField(
        label=_("列入年度计划"),
        choices=[("", _("不列入")), *Listing.choices],
        required=False,
        help_text=_("列入后按类别的节点模板生成节点计划，当月起报送月报"),
    )
    planned_investment_wan = MoneyField(
        label=_("年度计划投资（万元）"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )

    class Meta:
        model = Project
        # Its code, then what a unit maintains (name and unified code first); 统计状态 is set
        # later, when the statistics office lists the project.
        fields = [
            "code",
            "name",
            "national_code",
            *(f for f in EDITABLE_FIELDS if f not in ("name", "national_code", "stats_status")),
        ]
        widgets = PROJECT_WIDGETS

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.role == "reporter":
            # A unit creates only its own projects (the service enforces it too).
            self.fields.pop("unit")
        self.fields["lead_department"].help_text = _("留空则取类别的牵头部门")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_planned_dates(self)
        if data.get("planned_investment_wan") and not data.get("listing_kind"):
            self.add_error("listing_kind", _("填写了年度计划投资，请选择列入的计划类别"))
        return data

    def project_fields(self) -> dict[str, Any]:
        """The project's own fields for `NewProject` (the listing travels beside them)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
