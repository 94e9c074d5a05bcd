"""The audit events of people (catalogued from PeopleConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "contact.saved": gettext_noop("保存单位联系人"),
    "contact.removed": gettext_noop("删除单位联系人"),
    "pairing.created": gettext_noop("登记挂钩帮扶"),
    "pairing.visit_logged": gettext_noop("登记帮扶走访"),
    "enterprise.flagged": gettext_noop("标记企业（困难企业/重点企业直通车）"),
}
