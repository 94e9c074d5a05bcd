"""The claims app's audit events (registered into the catalogue from ClaimsConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "claim.filed": gettext_noop(
        "责任单位申报待认定事实（开工、竣工、签约、落地、入库或项目要素变更）"
    ),
    "claim.evidence_added": gettext_noop("为待认定事实补充佐证"),
    "claim.confirmed": gettext_noop("牵头部门认定事实，计入目标和考评"),
    "claim.rejected": gettext_noop("牵头部门不予认定事实（附理由）"),
    "claim.revoked": gettext_noop("撤销已认定事实，相关月份标记为需修订得分"),
    "spotcheck.drawn": gettext_noop("发改局抽取本月抽查样本（随机种子和样本留存）"),
    "demo.claims_loaded": gettext_noop("载入演示认定事项和抽查"),
    "spotcheck.recorded": gettext_noop("记录抽查结果（属实、部分属实或不属实）"),
}
