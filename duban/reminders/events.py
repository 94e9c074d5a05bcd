"""The reminders' audit events (registered from RemindersConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "reminder.channel_added": gettext_noop("添加提醒渠道"),
    "reminder.channel_changed": gettext_noop("修改提醒渠道"),
    "reminder.rule_changed": gettext_noop("修改提醒规则"),
    "reminder.sent": gettext_noop("发出提醒"),
    "reminder.failed": gettext_noop("提醒发送失败"),
}
