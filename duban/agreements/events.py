"""The audit events of responsibility agreements (catalogued from AppConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "agreement.generated": gettext_noop("生成目标责任书草稿"),
    "agreement.issued": gettext_noop("印发目标责任书"),
    "agreement.signed": gettext_noop("上传签字扫描件，目标责任书签订"),
    "agreement.downloaded": gettext_noop("下载目标责任书"),
}
