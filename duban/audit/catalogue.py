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
    # the audit trail itself (C1, C3)
    "audit.viewed": "查看审计日志",
    "audit.exported": "导出审计日志",
    "audit.purged": "清理超过保存期限的审计记录（检查点）",
    # operations (G1, G2)
    "backup.created": "创建备份",
    "backup.restored": "恢复演练/恢复（含耗时与表差异）",
    "backup.restore_refused": "备份校验失败，拒绝恢复",
    # added by the other parts of the mechanism (monthly dispatch, assessment, transfer):
    "report.submitted": "提交月报",
    "report.returned": "退回月报",
    "report.approved": "审核通过月报",
    "target.updated": "修改目标任务",
    "score.published": "发布得分",
    "import.applied": "导入（文件名、sha256、行数、结果）",
    "export.downloaded": "导出或下载",
    "settings.changed": "修改系统设置",
}


def describe(code: str) -> str:
    return EVENTS.get(code, code)
