"""The demo is the seed district, believably: what a 鼓楼 officer would check in its first minutes.

The seed plan (seeds/002, 鼓楼区2021年“抓项目促提升”专项行动方案) names the units and who
leads what; its annexes (任务分解表, 考评办法) are not available, so whatever the demo invents
in their place is labelled 示例. Each test below is one sentence of issue 13's "The demo is
the seed district".
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import translation

from duban.accounts.models import User
from duban.audit.models import AuditEvent
from duban.audit.presentation import present
from duban.core.asof import Month
from duban.core.demo import DEMO_AS_OF
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.problems.choices import ProblemType
from duban.problems.models import Problem
from duban.projects.choices import Industry, Stage
from duban.projects.models import Project, StageChange
from duban.reports.models import MonthlyReport
from duban.supervision.queries import trajectory
from duban.targets.models import Target
from duban.targets.queries import district_progress
from duban.transfer.exports.targets import export_targets

pytestmark = pytest.mark.django_db

YI = Decimal(10000)  # 1亿元 in 万元
AS_OF = DEMO_AS_OF  # the demo stands at the end of September 2021


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", interactive=False, verbosity=0)


def names(kind: str) -> set[str]:
    return set(Unit.objects.filter(kind=kind).values_list("name", flat=True))


# --- Units exactly as the plan names them ------------------------------------------------


def test_there_is_no_separate_kejiju_but_one_fagaiju_which_is_also_the_kejiju(demo: None) -> None:
    assert not Unit.objects.filter(name="区科技局").exists()
    assert not Unit.objects.filter(short_name="科技局").exists()
    assert list(Unit.objects.filter(name__contains="科技局").values_list("name", flat=True)) == [
        "区发改局（科技局）"
    ]
    supervisor = User.objects.get(username="fgj")
    assert supervisor.unit is not None and supervisor.unit.name == "区发改局（科技局）"


def test_the_streets_and_parks_are_the_plans_own(demo: None) -> None:
    # The plan is addressed to 各街道办事处, 洪山镇政府 and 福州软件园、高新区洪山园; 鼓楼 has nine
    # 街道 and the one town (鼓楼十街镇, seeds/000).
    streets = names("street")
    assert len(streets) == 10
    assert {s for s in streets if not s.endswith("街道")} == {"洪山镇"}
    assert names("park") == {"福州软件园", "高新区洪山园"}


def test_every_department_the_plan_names_in_its_division_of_duties_is_there(demo: None) -> None:
    # 三、责任分工 and 四、协调推进: 区发改局(科技局), 区数字办, 区工信局, 区商务局, 区行政服务中心,
    # 区政府督查室.
    plan = {
        "区发改局（科技局）",
        "区数字办",
        "区工信局",
        "区商务局",
        "区行政服务中心",
        "区政府督查室",
    }
    assert plan <= names("department")


# --- 协调事项 routed by the kind of matter, raised by the units ------------------------------

# Problem type → the department that handles it; where one type covers matters handled by
# different departments, the matter (a word of the title) decides.
ROUTING: dict[str, str | dict[str, str]] = {
    ProblemType.LAND: "自然资源和规划局",
    ProblemType.PLANNING: "自然资源和规划局",
    ProblemType.APPROVAL: {"环评": "生态环境局", "施工许可": "住建局", "消防": "住建局"},
    ProblemType.RELOCATION: {"征迁": "住建局", "管线": "城管局"},
    ProblemType.FUNDING: {"专项债": "财政局", "贷款": "金融办", "融资": "金融办", "技改": "工信局"},
    ProblemType.OTHER: {"用电": "行政服务中心", "总部": "商务局"},
}


def expected_department(problem: Problem) -> str | None:
    route = ROUTING[problem.type]
    if isinstance(route, str):
        return route
    return next((dept for word, dept in route.items() if word in problem.title), None)


def test_every_problem_is_handled_by_the_department_its_matter_belongs_to(demo: None) -> None:
    problems = list(Problem.objects.select_related("department"))
    assert len(problems) >= 10
    for problem in problems:
        assert problem.department.kind == "department"
        assert problem.department.label == expected_department(problem), problem.title
    # Not one department takes everything: the matters really are spread.
    assert len({p.department_id for p in problems}) >= 6


def test_problems_are_raised_mostly_by_the_units_that_own_them_some_by_fagaiju(demo: None) -> None:
    by_owner = by_fgj = 0
    for problem in Problem.objects.select_related("raised_by", "owner_unit"):
        raiser = problem.raised_by
        assert raiser is not None and Unit.objects.filter(pk=raiser.unit_id).exists()
        if raiser.role == Role.REPORTER:
            assert raiser.unit_id == problem.owner_unit_id, problem.title
            by_owner += 1
        else:
            assert raiser.role == Role.SUPERVISOR
            by_fgj += 1
    assert by_owner > by_fgj > 0


# --- Projects a 鼓楼 officer believes ---------------------------------------------------------


def test_no_unit_has_two_projects_of_the_same_name(demo: None) -> None:
    counts = Counter(Project.objects.values_list("unit_id", "name"))
    assert [name for (_, name), n in counts.items() if n > 1] == []


def test_industry_tags_follow_the_category(demo: None) -> None:
    tags = Counter(Project.objects.values_list("category__code", "industry"))
    tertiary_only = ("services", "digital", "livelihood")
    for (category, industry), _n in tags.items():
        if category in tertiary_only:
            assert industry == Industry.TERTIARY, category
        if category == "industry":
            assert industry in (Industry.SECONDARY, Industry.TECH_UPGRADE)
    assert tags[("services", Industry.TERTIARY)] > 100


def test_no_project_is_under_way_before_its_start_or_completed_without_a_date(demo: None) -> None:
    under_way = (Stage.STARTED, Stage.BUILDING, Stage.COMPLETED, Stage.PRODUCING)
    for project in Project.objects.filter(stage__in=under_way):
        assert project.started_on is not None and project.started_on <= AS_OF, project.name
    for project in Project.objects.filter(stage__in=(Stage.COMPLETED, Stage.PRODUCING)):
        assert project.completed_on is not None and project.completed_on <= AS_OF, project.name
    assert not Project.objects.filter(completed_on__isnull=False).exclude(
        stage__in=(Stage.COMPLETED, Stage.PRODUCING)
    )
    assert not StageChange.objects.filter(changed_on__gt=AS_OF).exists()
    # Some of the year's new starts are planned for later months and have not started yet.
    assert Project.objects.filter(
        listings__kind="new_start", planned_start__gt=AS_OF, started_on__isnull=True
    ).exists()


def test_investment_sizes_are_a_districts(demo: None) -> None:
    # 亿元以上 listings are at least 1亿; 招商 三产 at least 5000万 and 二产 at least 3亿
    # (the plan's floors); nothing in a city-centre district's ledger is a 100亿 project.
    for listing, floor in (("new_start", YI), ("completion", YI)):
        small = Project.objects.filter(listings__kind=listing, total_investment_wan__lt=floor)
        assert not small.exists()
    landed = Project.objects.filter(listings__kind="new_landed")
    assert not landed.filter(industry=Industry.TERTIARY, total_investment_wan__lt=5000).exists()
    assert not landed.filter(industry=Industry.SECONDARY, total_investment_wan__lt=3 * YI).exists()
    assert not Project.objects.filter(total_investment_wan__gt=50 * YI).exists()


def test_the_demos_dates_stop_at_its_as_of_date(demo: None) -> None:
    assert not Problem.objects.filter(raised_on__gt=AS_OF).exists()
    assert not Problem.objects.filter(resolved_on__gt=AS_OF).exists()
    assert not Problem.objects.filter(raised_on__year__lt=2021).exists()
    assert not MonthlyReport.objects.filter(year=2021, month__gt=AS_OF.month).exists()


def test_monthly_reports_agree_with_the_projects_progress(demo: None) -> None:
    reports = MonthlyReport.objects.filter(year=2021).select_related("project")
    assert reports.count() > 1000
    for report in reports.iterator():
        project = report.project
        month_start = dt.date(2021, report.month, 1)
        if project.started_on is None or project.started_on > dt.date(2021, report.month, 28):
            # Nothing is invested on a site that has not started.
            assert report.investment_wan == 0, (project.name, report.month)
        if project.completed_on is not None and project.completed_on < month_start:
            assert report.investment_wan == 0 and "竣工" in report.progress_text


# --- Invented data is labelled 示例 ------------------------------------------------------------


def test_every_invented_split_is_labelled_illustrative(demo: None) -> None:
    parts = Target.objects.filter(year=2021, parent__isnull=False)
    assert parts.count() > 100
    assert not parts.filter(illustrative=False).exists()
    # The district targets are the plan's own; the only invented one says so.
    plan = Target.objects.filter(year=2021, unit__isnull=True, illustrative=False)
    assert plan.filter(title="亿元以上项目新开工", value=168).exists()
    assert not plan.filter(source_text="").exists()
    assert list(
        Target.objects.filter(year=2021, unit__isnull=True, illustrative=True).values_list(
            "title", flat=True
        )
    ) == ["重点项目年度完成投资"]


def test_the_target_page_marks_every_split_as_illustrative_in_both_languages(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="lingdao"))
    url = reverse("targets:table") + "?as_of=2021-09"
    parts = Target.objects.filter(year=2021, parent__isnull=False).count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(url).content.decode()
    assert html.count('class="badge illustrative"') >= parts
    assert "方案的任务分解表（附件1）未提供" in html
    assert "依据附件" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert ">Illustrative<" in english


def test_the_warning_board_marks_lights_on_illustrative_targets(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="lingdao"))
    url = reverse("supervision:board") + "?as_of=2021-09&kind=target&colour=all"
    response = client.get(url)
    shown = [light for light in response.context["rows"] if light.kind == "target"]
    assert shown and all(light.illustrative for light in shown)
    assert response.content.decode().count('class="badge illustrative"') >= len(shown)


def test_the_exported_decomposition_says_its_splits_are_illustrative(demo: None) -> None:
    data, rows = export_targets(User.objects.get(username="lingdao"), year=2021)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["任务分解表"]
    assert rows > 100
    assert "各单位分解数为示例数据" in str(sheet.cell(2, 1).value)


def test_the_screen_and_bulletins_print_an_illustrative_district_target_as_such(demo: None) -> None:
    rows = {r["title"]: r for r in district_progress(Month(2021, 9), trajectory(Month(2021, 9))[0])}
    assert rows["重点项目年度完成投资（示例）"]["illustrative"]
    assert "亿元以上项目新开工" in rows and not rows["亿元以上项目新开工"]["illustrative"]


def test_heritage_quarters_lakes_and_hills_hold_only_works_that_belong_there(demo: None) -> None:
    # No office tower on 南后街, no data centre in 三坊七巷, no plant at 西湖.
    misplaced = [
        name
        for name in Project.objects.values_list("name", flat=True)
        for landmark in ("三坊七巷", "南后街", "朱紫坊", "西湖", "屏山")
        if name.startswith(landmark)
        and any(
            word in name for word in ("写字楼", "数据中心", "生产线", "配送", "总部大楼", "产业园")
        )
    ]
    assert misplaced == []


def test_historic_quarters_and_old_houses_are_where_the_city_has_them(demo: None) -> None:
    heritage = ("三坊七巷", "南后街", "朱紫坊", "安泰河")
    names = Project.objects.filter(
        Q(name__contains="历史文化街区") | Q(name__contains="古厝")
    ).values_list("name", flat=True)
    assert names and all(name.startswith(heritage) for name in names)


# --- A history people can read -------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_change_in_the_demos_history_is_labelled_in_the_readers_language(
    demo: None, language: str
) -> None:
    """No raw key ("created by", "cooperating_units", "sha256") in a record's history: every
    key any service records is labelled, Chinese on a Chinese page and English on an English
    one (the class of the tasks page printing `text: — → …`)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    with translation.override(language):
        entries = present(AuditEvent.objects.order_by("id"))
        labels = {(e.event.event, c.label) for e in entries for c in e.changes}
    assert len({event for event, _label in labels}) > 20  # the demo's history is varied
    if language == "zh-hans":
        assert sorted(x for x in labels if not cjk.search(x[1])) == []
    else:
        assert sorted(x for x in labels if cjk.search(x[1])) == []
