from django.db import models
from django.utils.translation import gettext_lazy as _


class Fact(models.TextChoices):
    """The kinds of fact a unit claims (issue 15): its values are the CLI's contract."""

    START = "start", _("开工")
    COMPLETION = "completion", _("建成投产")
    SIGNING = "signing", _("签约")
    LANDING = "landing", _("注册落地")
    STATS = "stats", _("入库/纳统")
    FIELD_CHANGE = "field_change", _("项目要素变更")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("待认定")
    CONFIRMED = "confirmed", _("已认定")
    REJECTED = "rejected", _("未予认定")
    REVOKED = "revoked", _("已撤销")


class CheckResult(models.TextChoices):
    """A spot check's finding (抽查结果)."""

    TRUE = "true", _("属实")
    PARTIAL = "partial", _("部分属实")
    UNTRUE = "untrue", _("不属实")


class Stratify(models.TextChoices):
    """How a monthly draw spreads its sample (data: the policy names one)."""

    NONE = "none", _("不分层")
    UNIT = "unit", _("按责任单位分层")
    FACT = "fact", _("按事实类型分层")
