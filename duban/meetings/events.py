"""The audit events of meetings (catalogued from MeetingsConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "meeting.recorded": gettext_noop("登记会议"),
    "meeting.decision_added": gettext_noop("登记会议议定事项"),
    "meeting.speakers_listed": gettext_noop("列出通报会发言单位"),
    "meeting.commitment_recorded": gettext_noop("登记表态发言承诺"),
    "meeting.commitment_followed_up": gettext_noop("跟进上季度表态承诺"),
    "meeting.minutes_downloaded": gettext_noop("下载会议纪要"),
}
