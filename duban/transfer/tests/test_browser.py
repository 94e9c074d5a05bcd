"""The import page in a real browser: upload, see the preview, confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.models import Project
from tests.support.factories import make_user
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
