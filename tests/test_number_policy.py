"""The number policy holds everywhere the demo shows a number (issue #17).

One policy (duban.core.numbers): scores with 2 decimals, rates as percentages with 1 decimal,
money in 万元 or 亿元 with the unit, counts as integers, never exponent notation, never more
digits than that. This test loads the demo, signs in as 发改局 and walks every page it can
reach by following links from the main menu (a few of each kind of page), every export and
document it links to (.xlsx cells, .docx text) and the hall screen's JSON, and fails on any
number outside the policy.

What the policy leaves out, and why, is listed in `EXEMPT`: the audit trail's hashes, clock
times and the drill-down's arithmetic, which reproduces a score at the method's stored
precision (a rate kept to 4 decimals) so anyone can re-add it to the cent.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from duban.accounts.models import User

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="formatting does not depend on the database"
    ),
]

# Numbers outside the policy, with what is wrong with them.
FAULTS = [
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][+-]?\d+(?![\w.])"), "指数记数法"),
    (re.compile(r"(?<![\w.])-?\d[\d,]*\.\d{3,}(?![\d])"), "小数超过两位"),
    (re.compile(r"(?<![\w.])-?\d[\d,]*\.\d{2,}\s*%"), "百分比超过一位小数"),
]
# Text that is not a figure of the product: hashes and ids (hex), clock times, versions.
NOT_FIGURES = [
    re.compile(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b"),
    re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"),
    re.compile(r"\bv?\d+\.\d+\.\d+\b"),
]
# Elements whose text shows a computation at its stored precision (see the module docstring).
EXEMPT = {"data-exact"}
SKIP_PATHS = ("/accounts/logout", "/admin/", "/i18n/", "/static/", "/media/")
PER_PATTERN = 3  # pages of one kind (projects/1/, projects/2/, …) visited
MAX_PAGES = 400


def faults_in(text: str) -> list[str]:
    for pattern in NOT_FIGURES:
        text = pattern.sub(" ", text)
    found = []
    for pattern, what in FAULTS:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 20)
            found.append(f"{what}：…{text[start : match.end() + 10]}…")
    return found


class _Page(HTMLParser):
    """The visible text of a page (scripts, styles and exempt elements left out) and its
    links."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        # Skipping nests: the same tag opening inside a skipped element is skipped too.
        nested = bool(self._skip) and tag == self._skip[-1]
        if tag in ("script", "style") or names & EXEMPT or nested:
            self._skip.append(tag)
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        for name, value in attrs:  # numbers in titles and values show too
            if name in ("title", "value", "placeholder") and value and not self._skip:
                self.text.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.first_page_header.paragraphs)
    return "\n".join(parts)


def _xlsx_faults(data: bytes) -> list[str]:
    """Cells of an export: text is checked like a page; a number must not carry more
    decimals than its cell's format shows, nor more than two."""
    from openpyxl import load_workbook

    found = []
    book = load_workbook(io.BytesIO(data), read_only=False)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    found += [f"{sheet.title}!{cell.coordinate} {f}" for f in faults_in(value)]
                elif isinstance(value, float) and value != round(value, 2):
                    found.append(f"{sheet.title}!{cell.coordinate} 小数超过两位：{value!r}")
    return found


def _json_faults(value: Any, where: str = "$") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_faults(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _json_faults(item, f"{where}[{i}]")
    elif isinstance(value, float):
        if value != round(value, 2):
            yield f"{where} 小数超过两位：{value!r}"
    elif isinstance(value, str) and not value.lstrip().startswith("<svg"):
        yield from (f"{where} {f}" for f in faults_in(value))
    elif isinstance(value, str):  # a chart: its visible labels only
        page = _Page()
        page.feed(value)
        yield from (f"{where} {f}" for f in faults_in(" ".join(page.text)))


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    # The demo's files (its accounts list, evidence) go to a scratch folder, never to the
    # installation's var/ (a test must not overwrite the demo's printed passwords).
    scratch = tmp_path_factory.mktemp("demo-var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=scratch, MEDIA_ROOT=scratch):
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _walk(client: Client, start: list[str]) -> tuple[dict[str, list[str]], int]:
    """Follow same-site links breadth first; the faults by URL, and the number of URLs seen."""
    queue = list(start)
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    faults: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP_PATHS) or path.endswith("/pdf/"):
            continue
        key = _pattern(path)
        if per_pattern.get(key, 0) >= PER_PATTERN:
            continue
        per_pattern[key] = per_pattern.get(key, 0) + 1
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        data = b"".join(response.streaming_content) if response.streaming else response.content
        if "wordprocessingml" in kind:
            found = faults_in(_docx_text(data))
        elif "spreadsheetml" in kind:
            found = _xlsx_faults(data)
        elif "json" in kind:
            found = list(_json_faults(json.loads(data)))
        elif "html" in kind:
            page = _Page()
            page.feed(data.decode("utf-8"))
            found = faults_in(" ".join(page.text))
            for href in page.links:
                target = urljoin(url, href)
                parts = urlsplit(target)
                if parts.netloc in ("", "testserver") and parts.scheme in ("", "http"):
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        else:
            continue
        if found:
            faults[url] = found
    return faults, len(seen)


@override_settings(DUBAN_AS_OF="2021-09")  # the demo's year, as `make demo` serves it
def test_every_number_the_demo_shows_keeps_the_policy(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="fgj"))
    start = [
        "/",
        "/screen/data/",
        "/assessment/bulletins/quarterly/2021/1/",
        "/assessment/bulletins/quarterly/2021/1/docx/",
        "/assessment/bulletins/monthly/2021/3/docx/",
        "/supervision/letters/",
        "/transfer/export/ledger/",
        "/transfer/export/targets/",
        "/transfer/export/scores/",
    ]
    faults, visited = _walk(client, start)
    assert visited > 60, "the walk should reach most pages of the product"
    report = [f"{url}: {f}" for url, found in sorted(faults.items()) for f in found[:5]]
    assert not report, "数字格式不符合统一规范：\n" + "\n".join(report)


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("目标值 4E+1 个", True),
        ("完成率 11.19751166407465%", True),
        ("完成率 11.2%", False),
        ("得分 94.79", False),
        ("得分 94.785", True),
        ("完成投资 1,234.56万元", False),
        ("完成率 12.34%", True),
        ("内容哈希 3e4f9a0c1b2d", False),
        ("2021-09-30 10:20:30.123456", False),
        ("鼓楼督〔2021〕3号", False),
    ],
)
def test_the_walk_recognises_numbers_outside_the_policy(text: str, bad: bool) -> None:
    assert bool(faults_in(text)) == bad
