from django.utils.translation import gettext_noop

EVENTS = {
    "job.started": gettext_noop("启动后台任务"),
    "job.finished": gettext_noop("后台任务完成"),
    "job.failed": gettext_noop("后台任务失败"),
}
