"""The event catalogue (SECURITY.md C1): every audit code the system writes, with its meaning.

Codes are readable strings `app.event`. The C1 test drives each event of this catalogue that
exists on the branch and checks it writes exactly one row; `uncatalogued()` lets a test find
codes written but not listed. Other apps append their events here, each meaning wrapped in
`gettext_noop` so it is translated where it is shown (the catalogue test checks every one has
its English).
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

EVENTS: dict[str, str] = {
    # authentication (A2–A4)
    "auth.login": gettext_noop("登录成功"),
    "auth.login_failed": gettext_noop("登录失败（用户名或密码错误、账户锁定、动态口令错误或重放）"),
    "auth.locked": gettext_noop("连续失败达到阈值，账户被锁定"),
    "auth.throttled": gettext_noop("来源地址或账户近期失败过多，登录尝试被限流拒绝"),
    "auth.logout": gettext_noop("退出登录"),
    "auth.session_expired": gettext_noop("会话超时（空闲或绝对时限）被结束"),
    "auth.password_changed": gettext_noop("本人修改密码"),
    "auth.otp_enrolled": gettext_noop("绑定动态口令"),
    # accounts and grants (B4, B5, H2)
    "user.created": gettext_noop("创建账户"),
    "user.updated": gettext_noop("修改账户信息"),
    "user.enabled": gettext_noop("启用账户"),
    "user.disabled": gettext_noop("停用账户"),
    "user.dormant_disabled": gettext_noop("长期未使用的账户被自动停用"),
    "user.password_reset": gettext_noop("系统管理员重置密码"),
    "user.role_granted": gettext_noop("安全管理员授予角色或所属单位"),
    "user.otp_reset": gettext_noop("安全管理员重置动态口令"),
    "user.phone_revealed": gettext_noop("查看完整手机号"),
    "user.change_requested": gettext_noop("申请对账户的变更（双人复核，待另一名管理员批准）"),
    "user.change_approved": gettext_noop("另一名管理员批准并执行账户变更（双人复核）"),
    "user.change_rejected": gettext_noop("另一名管理员驳回账户变更申请"),
    "user.change_cancelled": gettext_noop("申请人撤回账户变更申请"),
    "user.change_expired": gettext_noop("账户变更申请超过时限未批准，已过期"),
    "notice.read": gettext_noop("账户本人阅读通知"),
    # business records (foundation)
    "project.created": gettext_noop("新建项目"),
    "project.updated": gettext_noop("修改项目信息"),
    "project.stage_changed": gettext_noop("项目阶段推进"),
    "project.listing_set": gettext_noop("设置年度计划类别"),
    "metric.created": gettext_noop("新建指标"),
    "target.created": gettext_noop("新建目标任务"),
    "target.actual_entered": gettext_noop("录入目标完成值"),
    "demo.projects_loaded": gettext_noop("载入演示项目"),
    "demo.targets_loaded": gettext_noop("载入演示目标"),
    # access control (B2, B3): refusals leave a trace
    "access.denied": gettext_noop("访问被拒绝（403，或访问本人范围之外的记录）"),
    # the audit trail itself (C1, C3)
    "workdays.calendar_entered": gettext_noop("录入或修改法定节假日安排"),
    "audit.viewed": gettext_noop("查看审计日志"),
    "audit.exported": gettext_noop("导出审计日志"),
    "audit.purged": gettext_noop("清理超过保存期限的审计记录（检查点）"),
    "audit.checkpoint": gettext_noop("签发审计记录签名检查点（序号、链头哈希、时间）"),
    # operations (G1, G2)
    "backup.created": gettext_noop("创建备份"),
    "backup.restored": gettext_noop("恢复演练/恢复（含耗时与表差异）"),
    "backup.restore_refused": gettext_noop("备份校验失败，拒绝恢复"),
    # monthly dispatch: reports, evidence, node plans, reporting windows
    "report.draft_created": gettext_noop("新建月报草稿"),
    "report.draft_saved": gettext_noop("保存月报草稿"),
    "report.submitted": gettext_noop("提交月报"),
    "report.returned": gettext_noop("退回月报"),
    "report.approved": gettext_noop("审核通过月报"),
    "report.window_set": gettext_noop("设置填报窗口"),
    "evidence.uploaded": gettext_noop("上传佐证材料"),
    "evidence.downloaded": gettext_noop("下载佐证材料"),
    "project.node_plan_created": gettext_noop("生成项目节点计划"),
    "project.node_completed": gettext_noop("完成项目节点"),
    "project.node_revised": gettext_noop("调整项目节点计划"),
    # official documents (GB/T 9704-2012): the wording templates 发改局 edits
    "document.generated": gettext_noop("命令行生成公文（duban document）"),
    "document_template.changed": gettext_noop(
        "修改公文模板（版头、文号、标题、主送、正文段落、署名、抄送）"
    ),
    # targets
    "target.updated": gettext_noop("修改目标任务"),
    "target.revision_requested": gettext_noop("申请调整目标"),
    "target.revision_approved": gettext_noop("批准调整目标"),
    # warnings and supervision
    "supervision.lights_computed": gettext_noop("计算亮灯"),
    "letter.issued": gettext_noop("发出督办函"),
    "letter.replied": gettext_noop("回复督办函"),
    "letter.closed": gettext_noop("督办函办结"),
    "letter.cancelled": gettext_noop("撤销督办函"),
    "letter.escalated": gettext_noop("督办函升级"),
    "letter.downloaded": gettext_noop("下载督办函"),
    "letter.evidence_downloaded": gettext_noop("下载督办函佐证"),
    "problem.raised": gettext_noop("提出协调事项"),
    "problem.status_changed": gettext_noop("协调事项状态变更"),
    "problem.escalated": gettext_noop("协调事项升级"),
    "enterprise.created": gettext_noop("新建企业"),
    # assessment
    "method.version_created": gettext_noop("发布考评办法新版本"),
    "score.computed": gettext_noop("计算得分"),
    "score.adjustment_added": gettext_noop("加减分"),
    "score.published": gettext_noop("发布得分"),
    "bulletin.published": gettext_noop("发布通报"),
    "bulletin.downloaded": gettext_noop("下载通报"),
    # transfer (imports: file name, sha256, rows, outcome; exports)
    "import.applied": gettext_noop("导入（文件名、sha256、行数、结果）"),
    "import.committed": gettext_noop("导入提交（文件名、sha256、行数）"),
    "import.refused": gettext_noop("导入被拒绝（文件名、sha256、原因）"),
    "import.mapping_saved": gettext_noop("保存导入列映射"),
    "export.downloaded": gettext_noop("导出或下载"),
    "export.ledger": gettext_noop("导出项目台账"),
    "export.monthly_template": gettext_noop("导出月报模板"),
    "export.scores": gettext_noop("导出得分"),
    "export.targets": gettext_noop("导出目标任务"),
    # intake (documents to targets)
    "intake.document_read": gettext_noop("读取文件并提取目标"),
    "intake.document_refused": gettext_noop("文件被拒绝"),
    "intake.proposal_accepted": gettext_noop("采纳提取的目标"),
    "intake.proposal_edited": gettext_noop("修改提取的目标"),
    "intake.proposal_rejected": gettext_noop("驳回提取的目标"),
    "intake.proposal_skipped": gettext_noop("跳过与已有目标重复的建议"),
    "intake.proposal_refused": gettext_noop("拒绝接受其他地区或年度的建议"),
    "settings.changed": gettext_noop("修改系统设置"),
}


def register(events: dict[str, str]) -> None:
    """Add an app's own events (from its `AppConfig.ready`), each meaning in `gettext_noop`.

    An app above audit keeps its catalogue next to its code (`events.py`) instead of editing
    this file; a code registered twice with another meaning is a mistake and refused."""
    for code, meaning in events.items():
        if EVENTS.get(code, meaning) != meaning:
            raise ValueError(f"audit event {code} is already catalogued with another meaning")
        EVENTS[code] = meaning


def describe(code: str) -> str:
    """The event's meaning in the reader's language (the codes themselves stay as stored)."""
    meaning = EVENTS.get(code)
    return gettext(meaning) if meaning else code
