"""The API's audit events (registered from ApiConfig.ready)."""

from django.utils.translation import gettext_noop

EVENTS = {
    "api.token_issued": gettext_noop("签发接口令牌"),
    "api.token_revoked": gettext_noop("吊销接口令牌"),
    "api.report_pushed": gettext_noop("外部系统通过接口报送月报数据"),
}
