from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """The kind of a responsible unit is also its assessment group (考评组)."""

    STREET = "street", _("街镇")
    PARK = "park", _("园区")
    DEPARTMENT = "department", _("区直部门")

    @property
    def group_label(self) -> str:
        return gettext("%(kind)s组") % {"kind": self.label}
