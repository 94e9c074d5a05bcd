"""The event catalogue (SECURITY.md C1): every audit code the system writes, with its meaning.

Codes are readable strings `app.event`. The C1 test drives each event of this catalogue that
exists on the branch and checks it writes exactly one row; `uncatalogued()` lets a test find
codes written but not listed. Other apps append their events here.
"""

from __future__ import annotations

EVENTS: dict[str, str] = {
    # authentication (A2–A4)
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败（用户名或密码错误、账户锁定、动态口令错误或重放）",
    "auth.locked": "连续失败达到阈值，账户被锁定",
    "auth.throttled": "来源地址或账户近期失败过多，登录尝试被限流拒绝",
    "auth.logout": "退出登录",
    "auth.session_expired": "会话超时（空闲或绝对时限）被结束",
    "auth.password_changed": "本人修改密码",
    "auth.otp_enrolled": "绑定动态口令",
    # accounts and grants (B4, B5, H2)
    "user.created": "创建账户",
    "user.updated": "修改账户信息",
    "user.enabled": "启用账户",
    "user.disabled": "停用账户",
    "user.dormant_disabled": "长期未使用的账户被自动停用",
    "user.password_reset": "系统管理员重置密码",
    "user.role_granted": "安全管理员授予角色或所属单位",
    "user.otp_reset": "安全管理员重置动态口令",
    "user.phone_revealed": "查看完整手机号",
    "user.change_requested": "申请对账户的变更（双人复核，待另一名管理员批准）",
    "user.change_approved": "另一名管理员批准并执行账户变更（双人复核）",
    "user.change_rejected": "另一名管理员驳回账户变更申请",
    "user.change_cancelled": "申请人撤回账户变更申请",
    "user.change_expired": "账户变更申请超过时限未批准，已过期",
    "notice.read": "账户本人阅读通知",
    # business records (foundation)
    "project.created": "新建项目",
    "project.updated": "修改项目信息",
    "project.stage_changed": "项目阶段推进",
    "project.listing_set": "设置年度计划类别",
    "metric.created": "新建指标",
    "target.created": "新建目标任务",
    "target.actual_entered": "录入目标完成值",
    "demo.projects_loaded": "载入演示项目",
    "demo.targets_loaded": "载入演示目标",
    # access control (B2, B3): refusals leave a trace
    "access.denied": "访问被拒绝（403，或访问本人范围之外的记录）",
    # the audit trail itself (C1, C3)
    "workdays.calendar_entered": "录入或修改法定节假日安排",
    "audit.viewed": "查看审计日志",
    "audit.exported": "导出审计日志",
    "audit.purged": "清理超过保存期限的审计记录（检查点）",
    "audit.checkpoint": "签发审计记录签名检查点（序号、链头哈希、时间）",
    # operations (G1, G2)
    "backup.created": "创建备份",
    "backup.restored": "恢复演练/恢复（含耗时与表差异）",
    "backup.restore_refused": "备份校验失败，拒绝恢复",
    # monthly dispatch: reports, evidence, node plans, reporting windows
    "report.draft_created": "新建月报草稿",
    "report.draft_saved": "保存月报草稿",
    "report.submitted": "提交月报",
    "report.returned": "退回月报",
    "report.approved": "审核通过月报",
    "report.window_set": "设置填报窗口",
    "evidence.uploaded": "上传佐证材料",
    "evidence.downloaded": "下载佐证材料",
    "project.node_plan_created": "生成项目节点计划",
    "project.node_completed": "完成项目节点",
    "project.node_revised": "调整项目节点计划",
    # official documents (GB/T 9704-2012): the wording templates 发改局 edits
    "document.generated": "命令行生成公文（duban document）",
    "document_template.changed": "修改公文模板（版头、文号、标题、主送、正文段落、署名、抄送）",
    # targets
    "target.updated": "修改目标任务",
    "target.revision_requested": "申请调整目标",
    "target.revision_approved": "批准调整目标",
    # warnings and supervision
    "supervision.lights_computed": "计算亮灯",
    "letter.issued": "发出督办函",
    "letter.replied": "回复督办函",
    "letter.closed": "督办函办结",
    "letter.cancelled": "撤销督办函",
    "letter.escalated": "督办函升级",
    "letter.downloaded": "下载督办函",
    "letter.evidence_downloaded": "下载督办函佐证",
    "problem.raised": "提出协调事项",
    "problem.status_changed": "协调事项状态变更",
    "problem.escalated": "协调事项升级",
    "enterprise.created": "新建企业",
    # assessment
    "method.version_created": "发布考评办法新版本",
    "score.computed": "计算得分",
    "score.adjustment_added": "加减分",
    "score.published": "发布得分",
    "bulletin.published": "发布通报",
    "bulletin.downloaded": "下载通报",
    # transfer (imports: file name, sha256, rows, outcome; exports)
    "import.applied": "导入（文件名、sha256、行数、结果）",
    "import.committed": "导入提交（文件名、sha256、行数）",
    "import.refused": "导入被拒绝（文件名、sha256、原因）",
    "import.mapping_saved": "保存导入列映射",
    "export.downloaded": "导出或下载",
    "export.ledger": "导出项目台账",
    "export.monthly_template": "导出月报模板",
    "export.scores": "导出得分",
    "export.targets": "导出目标任务",
    # intake (documents to targets)
    "intake.document_read": "读取文件并提取目标",
    "intake.document_refused": "文件被拒绝",
    "intake.proposal_accepted": "采纳提取的目标",
    "intake.proposal_edited": "修改提取的目标",
    "intake.proposal_rejected": "驳回提取的目标",
    "intake.proposal_skipped": "跳过与已有目标重复的建议",
    "intake.proposal_refused": "拒绝接受其他地区或年度的建议",
    "settings.changed": "修改系统设置",
}


def describe(code: str) -> str:
    return EVENTS.get(code, code)
