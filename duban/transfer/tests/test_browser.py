"""The import page in a real browser: upload, see the preview, confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.models import Project
from tests.support.factories import make_user
from tests.support.hostile_files import xls_bytes
from tests.support.spreadsheets import setup_district, write_attachment1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_supervisor_uploads_attachment1_previews_and_confirms(
    page: Any, login: Any, live_server: Any, tmp_path: Path
) -> None:
    setup_district()
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_browser")
    path = tmp_path / "附件1.xlsx"
    write_attachment1(path, per_table=4)
    login(page, supervisor)
    page.goto(f"{live_server.url}/transfer/")
    page.set_input_files("input[name=file]", str(path))
    page.click("button[type=submit].primary >> text=上传并预览")
    page.wait_for_load_state("networkidle")
    assert "新增 20 行" in page.content()
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path="var/screenshots/transfer-preview.png", full_page=False)
    assert Project.objects.count() == 0
    page.click("button[name=confirm]")
    page.wait_for_load_state("networkidle")
    assert "导入完成" in page.content()
    page.screenshot(path="var/screenshots/transfer-index.png", full_page=False)
    assert Project.objects.count() == 20


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_legacy_xls_is_uploaded_from_a_phone_in_english(
    page: Any, login: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    setup_district()
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_phone")
    path = tmp_path / "台账.xls"
    path.write_bytes(
        xls_bytes(
            [
                ["项目名称", "责任单位", "项目类别", "总投资（万元）"],
                ["旧版表格项目一", "鼓东", "工业", 12000],
                ["旧版表格项目二", "鼓西", "服务业", 8000],
            ]
        )
    )
    login(page, supervisor)
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/transfer/")
    assert ".et" in page.inner_text("main") and "Excel 2003 XML" in page.inner_text("main")
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path="var/screenshots/transfer-index-phone-en.png", full_page=False)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.set_input_files("input[name=file]", str(path))
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    page.screenshot(path="var/screenshots/transfer-preview-xls-phone-en.png", full_page=False)
    assert "旧版表格项目一" in page.content()
    page.click("button[name=confirm]")
    page.wait_for_load_state("networkidle")
    assert Project.objects.filter(name__startswith="旧版表格项目").count() == 2
