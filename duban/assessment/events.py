"""Audit events of the method drafts (catalogued from `AssessmentConfig.ready`)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "method.draft_created": gettext_noop("起草考评办法修改稿"),
    "method.draft_saved": gettext_noop("修改考评办法草稿"),
    "method.draft_adopted": gettext_noop("采用考评办法草稿为新版本"),
}
