"""The district, its responsible units (街镇/园区/区直部门) and its linked leaders."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import VersionedModel
from duban.core.roles import Role
from duban.orgs.choices import UnitKind


class District(models.Model):
    """The district or county running the mechanism; one row per installation."""

    name = models.CharField(_("区县名称"), max_length=64)
    code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    # Districts run the same mechanism under their own names (抓项目促提升, 项目攻坚 …).
    campaign_name = models.CharField(
        _("专项行动名称"), max_length=64, blank=True, help_text=_("如：“抓项目促提升”专项行动")
    )

    class Meta:
        verbose_name = _("区县")
        verbose_name_plural = _("区县")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> District | None:
        return cls.objects.order_by("id").first()

    @classmethod
    def campaign(cls) -> str:
        """The title the screen and bulletins carry: the district's own campaign name."""
        district = cls.current()
        return (district.campaign_name if district else "") or "重点项目专项行动"


class Unit(VersionedModel):
    """A responsible unit (责任单位). Its kind is its assessment group."""

    code = models.SlugField(_("单位代码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=64, unique=True)
    short_name = models.CharField(_("简称"), max_length=16, blank=True)
    kind = models.CharField(_("单位类别/考评组"), max_length=16, choices=UnitKind.choices)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["kind", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def group_label(self) -> str:
        return UnitKind(self.kind).group_label

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        # A reporter sees its own unit only; every other business role sees all units.
        if user.role == Role.REPORTER:
            return models.Q(pk=user.unit_id)
        return None


class Leader(VersionedModel):
    """A district leader linked (挂钩) to projects and problems."""

    name = models.CharField(_("姓名"), max_length=32)
    title = models.CharField(_("职务"), max_length=64)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("挂钩领导")
        verbose_name_plural = _("挂钩领导")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"
