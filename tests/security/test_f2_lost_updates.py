"""F2 for the foundation's editable records: a stale save is refused (409, a clear message)
and nothing is lost. Versions are tested on SQLite and PostgreSQL; two real connections
racing are tested on PostgreSQL (SQLite serialises writers, so a race there proves nothing)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from duban.core.models import StaleVersionError
from duban.projects import services
from duban.projects.models import Project
from tests.security.support import form_data
from tests.support.factories import Personas, make_project, make_unit, make_user


class StaleSaveTests(Personas):
    def test_f2_the_second_of_two_stale_saves_is_refused_and_nothing_is_lost(self) -> None:
        project = make_project(unit=self.street, name="鼓东项目", description="原说明")
        url = reverse("projects:edit", args=[project.pk])
        first, second = self.client_class(), self.client_class()
        first.force_login(self.reporter)
        second.force_login(self.supervisor)
        data_a = form_data(first, url, name="甲改的名称")
        data_b = form_data(second, url, description="乙改的说明")
        self.assertEqual(first.post(url, data_a).status_code, 302)
        response = second.post(url, data_b)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "已被他人修改", status_code=409)
        project.refresh_from_db()
        self.assertEqual((project.name, project.description, project.version),
                         ("甲改的名称", "原说明", 2))  # fmt: skip
        # Reloading gives the new version, and then the save goes through.
        data_b = form_data(second, url, description="乙改的说明")
        self.assertEqual(second.post(url, data_b).status_code, 302)
        project.refresh_from_db()
        self.assertEqual((project.name, project.description, project.version),
                         ("甲改的名称", "乙改的说明", 3))  # fmt: skip

    def test_f2_the_service_refuses_a_stale_version(self) -> None:
        project = make_project(unit=self.street)
        services.update_project(project, actor=self.reporter, expected_version=1,
                                changes={"name": "一"})  # fmt: skip
        with self.assertRaises(StaleVersionError):
            services.update_project(Project.objects.get(pk=project.pk), actor=self.reporter,
                                    expected_version=1, changes={"name": "二"})  # fmt: skip
        self.assertEqual(Project.objects.get(pk=project.pk).name, "一")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="两个真实连接的竞争只在 PostgreSQL 上有意义"
)
@pytest.mark.django_db(transaction=True)
def test_f2_two_connections_racing_on_postgresql_lose_nothing() -> None:
    unit = make_unit()
    reporter = make_user(unit=unit)
    project = make_project(unit=unit, name="原名")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(name: str) -> None:
        try:
            stale = Project.objects.get(pk=project.pk)
            barrier.wait(timeout=10)
            services.update_project(stale, actor=reporter, expected_version=1,
                                    changes={"name": name})  # fmt: skip
            outcomes.append("saved:" + name)
        except StaleVersionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    saved = [o for o in outcomes if o.startswith("saved")]
    assert len(saved) == 1 and outcomes.count("refused") == 1, outcomes
    project.refresh_from_db()
    assert project.name == saved[0].split(":")[1]
    assert project.version == 2
