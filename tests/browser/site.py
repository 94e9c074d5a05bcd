"""The product's pages, as the browser walks and the link crawler see them.

The list comes from the URL resolver, not from a hand-kept list: every named route outside the
Django admin is either visited (a route without arguments directly; a route with arguments
through a link some persona's pages carry, so the object comes from the demo district) or
exempt below with its reason. `uncovered()` names the routes that were neither, so a new page
fails the walks until it is reached or classified.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.db import models
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve, reverse

from duban.accounts.models import User
from duban.targets.models import Target

# Routes no walk opens as a page, and why.
EXEMPT: dict[str, str] = {
    "accounts:login": "登录页：匿名打开，test_the_login_page_fits_a_phone 单独检查",
    "accounts:otp": "登录第二步：只在输入密码之后出现（第二步的测试覆盖）",
    "accounts:logout": "只接受 POST",
    "accounts:reveal_phone": "只接受 POST（查看完整手机号）",
    "accounts:approval": "只接受 POST（批准或拒绝）",
    "accounts:user_create": "只接受 POST（新建账户的表单在账户列表页上）",
    "core:health": "健康检查，纯文本 ok",
    "set_language": "只接受 POST（切换语言）",
    "projects:node_complete": "只接受 POST",
    "projects:node_revise": "只接受 POST",
    "reports:window": "只接受 POST（设置报送时限）",
    "reports:review": "只接受 POST（审核一份月报）",
    "reports:review_batch": "只接受 POST（批量审核的表单在月调度页上）",
    "reports:correct": "只接受 POST（更正已审核的月报）",
    "supervision:issue_letter": "只接受 POST（发函的表单在亮灯页上）",
    "supervision:letter_docx": "下载 .docx",
    "supervision:letter_pdf": "下载 PDF",
    "supervision:letter_evidence": "只接受 POST（上传整改佐证）",
    "supervision:letter_close": "只接受 POST",
    "supervision:letter_cancel": "只接受 POST",
    "assessment:compute": "只接受 POST",
    "assessment:publish": "只接受 POST",
    "assessment:bulletin_docx": "下载 .docx",
    "assessment:bulletin_pdf": "下载 PDF",
    "screen:data": "大屏的 JSON 数据",
    "screen:public": "公开大屏，仅在 DUBAN_PUBLIC_SCREEN 打开时存在（大屏的浏览器测试覆盖）",
    "screen:public_data": "公开大屏的 JSON 数据",
    "screen:feed_text": "LED 走字屏纯文本",
    "screen:feed_json": "LED 走字屏 JSON",
    "screen:public_feed_text": "公开 LED 走字屏纯文本",
    "screen:public_feed_json": "公开 LED 走字屏 JSON",
    "transfer:upload": "只接受 POST（上传文件）",
    "transfer:preview": "需要一次进行中的上传（导入的浏览器测试覆盖）",
    "transfer:confirm": "只接受 POST",
    "transfer:mapping": "只接受 POST",
    "transfer:export_ledger": "下载 .xlsx",
    "transfer:export_targets": "下载 .xlsx",
    "transfer:export_monthly": "下载 .xlsx",
    "transfer:export_scores": "下载 .xlsx",
    "intake:decide": "只接受 POST",
    "audit:export": "下载 CSV",
    "files:download": "下载佐证文件",
    "claims:evidence": "只接受 POST（补充佐证）",
    "claims:decide": "只接受 POST（认定或不予认定）",
    "claims:revoke": "只接受 POST（撤销认定）",
    "claims:draw_new": "只接受 POST（抽取抽查样本）",
    "claims:record_check": "只接受 POST（记录抽查结果）",
    "agreements:generate": "只接受 POST（生成责任书）",
    "agreements:issue": "只接受 POST（下发责任书）",
    "agreements:sign": "只接受 POST（上传签署扫描件）",
    "agreements:docx": "下载 .docx",
    "agreements:pdf": "下载 PDF",
    "meetings:add_decision": "只接受 POST（登记议定事项）",
    "meetings:speakers": "只接受 POST（表态发言名单）",
    "meetings:speaker_note": "只接受 POST（发言记录）",
    "meetings:minutes": "下载会议纪要 .docx",
    "meetings:minutes_pdf": "下载会议纪要 PDF",
    "people:contact_add": "只接受 POST（添加联系人）",
    "people:visit_add": "只接受 POST（登记走访）",
    "tasks:closure": "只接受 POST（办结工作任务）",
    "tasks:milestones": "只接受 POST（任务节点：增加、调整计划日期、标记完成）",
    "tasks:progress": "只接受 POST（填报任务进展，表单在月报页上）",
    "rollover:run": "只接受 POST（年度结转）",
    "rollover:confirm": "只接受 POST（确认年度结转）",
    "reports:raise_problem": "只接受 POST（把月报的存在问题转为协调事项）",
    "api:docs": "接口文档（Swagger UI 的页面），duban/api 的浏览器测试打开它",
    "api:schema": "OpenAPI 文档（JSON/YAML）",
    "api:open_figures": "开放数据 JSON（默认关闭）",
    "api:open_rankings_csv": "开放数据 CSV（默认关闭）",
    "apitokens:revoke": "只接受 POST（吊销接口令牌）",
    "assessment:draft_start": "只接受 POST（起草考评办法）",
    "assessment:draft_adopt": "只接受 POST（采用草案）",
    "jobs:start": "只接受 POST（启动后台任务）",
    "jobs:status": "后台任务进度 JSON（任务页轮询）",
    "jobs:detail": "只有启动过后台任务才有（duban/jobs 的浏览器测试打开它）",
    "reminders:channel_add": "只接受 POST（添加提醒渠道，表单在提醒页上）",
    "reminders:channel_toggle": "只接受 POST（启用或停用渠道）",
}
# The REST API answers JSON, not pages: its routes are covered by duban/api's tests and the
# Schemathesis run over its schema.
EXEMPT.update(
    {
        name: "REST 接口（JSON），由 duban/api 的测试和 Schemathesis 覆盖"
        for name in (
            "api:claim-detail",
            "api:claim-list",
            "api:light-detail",
            "api:light-list",
            "api:project-detail",
            "api:project-list",
            "api:report-detail",
            "api:report-list",
            "api:score-detail",
            "api:score-list",
            "api:target-detail",
            "api:target-list",
            "api:unit-detail",
            "api:unit-list",
        )
    }
)
# The big screen is drawn for a hall display (1920×1080 and larger) and scaled to fit; a phone
# opens it too, but it is a slide show, not a page to read at 390 px.
NOT_A_PHONE_PAGE = {"screen:index"}
# Pages that stay Chinese in both languages, and why (docs/i18n.md).
CHINESE_ON_PURPOSE = {"screen:index": "大屏的数据和图表标签面向大厅观众，保持中文"}

# Demo accounts walked, one per role (a reporter of a 街道 stands for the three reporters).
PERSONAS = ("fgj", "swj", "gudong", "lingdao", "sysadmin", "secadmin", "auditadmin")

# How many URLs of one route a crawl opens and reads the links of (the others are only
# requested): project 1 and project 2 carry the same links.
EXPAND_PER_ROUTE = 2
# How many query-string variants of one path are requested (?page=, ?as_of=, filters).
QUERIES_PER_PATH = 3
# How many distinct URLs of one route a crawl requests at all. The link a role may not open
# is a matter of the route (the role matrix), and a reporter, whose rows are limited to one
# unit, sees few enough objects to have every link requested.
REQUESTS_PER_ROUTE = 40


def routes() -> dict[str, str]:
    """Every named route outside the Django admin: name → path pattern."""
    out = {}
    for _func, regex, namespace, name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        if not name or (namespace and namespace[0] == "admin"):
            continue
        out[":".join([*(namespace or []), name])] = simplify_regex(regex)
    return out


def plain_routes() -> dict[str, str]:
    """Routes without arguments that a walk opens directly."""
    return {n: p for n, p in routes().items() if "<" not in p and n not in EXEMPT}


def route_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None


def _expansion_key(path: str, name: str) -> str:
    """One route serving several kinds of record (`refdata:records` for units, leaders, …;
    a light of a project or of a target) is expanded once per kind."""
    kind = resolve(urlsplit(path).path).kwargs.get("kind", "")
    return f"{name}:{kind}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str) -> list[str]:
    """Same-site links of a page (no static files, fragments or other schemes)."""
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        href, _frag = urldefrag(href)
        if not href.startswith("/") or href.startswith(("//", "/static/")):
            continue
        out.append(href)
    return out


@dataclass
class Crawl:
    """What one persona's crawl found: each route's URLs that answered a page, and every link
    with the status it answered and the page that carried it."""

    username: str
    pages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, int] = field(default_factory=dict)
    found_on: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)

    def refused(self) -> dict[str, tuple[int, str]]:
        """Links (and redirects) that did not answer a page, a redirect or a file: 403, a 404
        (a thing the persona may not see), a 405 (a link to a form's POST address) or a 500."""
        return {
            url: (status, self.found_on.get(url, ""))
            for url, status in self.statuses.items()
            if status not in (200, 301, 302) and url in self.found_on
        }

    def to_login(self) -> dict[str, str]:
        """Links that sent the signed-in persona to the login page."""
        return {
            url: location
            for url, location in self.redirects.items()
            if location.startswith(reverse("accounts:login"))
        }


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def crawl(username: str, requests_per_route: int = REQUESTS_PER_ROUTE) -> Crawl:
    """Open every plain route, then follow links breadth first (bounded per route); a walk
    that only needs one page of each route asks for few requests per route."""
    client = client_for(username)
    result = Crawl(username)
    queue = list(plain_routes().values())
    seen: set[str] = set()
    variants: dict[str, int] = defaultdict(int)
    expanded: dict[str, int] = defaultdict(int)
    requested: dict[str, int] = defaultdict(int)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        name = route_of(url)
        if name is None or name in EXEMPT:
            continue
        path = urlsplit(url).path
        if urlsplit(url).query:
            variants[path] += 1
            if variants[path] > QUERIES_PER_PATH:
                continue
        key = _expansion_key(url, name)
        requested[key] += 1
        if requested[key] > requests_per_route:
            continue
        response = client.get(url)
        result.statuses[url] = response.status_code
        if response.status_code in (301, 302):
            location = response["Location"]
            result.redirects[url] = location
            if location.startswith("/"):
                result.found_on.setdefault(location, url)
                queue.append(location)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if expanded[key] >= EXPAND_PER_ROUTE:
            continue
        expanded[key] += 1
        result.pages[name].append(url)
        for link in links_in(response.content.decode()):
            result.found_on.setdefault(link, url)
            if link not in seen:
                queue.append(link)
    return result


def uncovered(crawls: list[Crawl]) -> set[str]:
    """Routes neither opened as a page by some persona nor exempt."""
    opened = {name for c in crawls for name in c.pages}
    return set(routes()) - opened - set(EXEMPT)


# Chinese characters (ideographs). Full-width punctuation around data (“：”, “（）”) is not
# counted: it is the separator templates put between a label and a stored value.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def page_report(page: Any) -> dict[str, Any]:
    """Width, menu height and visible interface text of the page in the browser."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
      const skip = '[lang^="zh"], [data-i18n="data"], script, style, noscript, template';
      const texts = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(skip) || !n.textContent.trim()) continue;
        if (!el.getClientRects().length) continue;
        texts.push(n.textContent.trim());
      }
      for (const el of document.querySelectorAll(
          '[placeholder], [title], [aria-label], input[type=submit], input[type=button]')) {
        if (el.closest(skip)) continue;
        for (const a of ['placeholder', 'title', 'aria-label']) {
          if (el.getAttribute(a)) texts.push(el.getAttribute(a));
        }
        if (el.matches('input[type=submit], input[type=button]') && el.value) texts.push(el.value);
      }
      const menu = document.querySelector('header.topbar');
      return {
        width: document.documentElement.scrollWidth,
        menu: menu ? menu.getBoundingClientRect().height : 0,
        texts: texts,
      };
    }"""
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def stored_text() -> re.Pattern[str]:
    """Every Chinese string stored in the database (names, titles, explanations, audit
    details), as one pattern: what the English walk strips from a page before it looks for
    leftovers, because stored data stays in the language it was written in (docs/i18n.md)."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                for text in _strings(value):
                    for line in text.splitlines():
                        line = line.strip()
                        if CJK.search(line):
                            values.add(line)
    # A target's title is composed of stored names (category, metric, floor) when shown.
    values.update(t.display_title for t in Target.objects.select_related("metric", "category"))
    ordered = sorted(values, key=len, reverse=True)
    return re.compile("|".join(re.escape(v) for v in ordered) or "(?!)")


# An English help text quoting what to type (e.g. “鼓发改”, "1月31日至2月6日") quotes data.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def leftovers(texts: list[str], data: re.Pattern[str]) -> list[str]:
    """Interface text still in Chinese once stored data and quoted examples are taken out."""
    out = []
    for text in texts:
        if CJK.search(text) and CJK.search(QUOTED.sub("", data.sub("", text))):
            out.append(text)
    return out
