"""Done when (issue 21): in the demo, as of the day after September 2021's reporting window
closes, the late units' robots receive a reminder listing their missing reports, and a second
run sends nothing new."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
from django.core.management import call_command

from duban.core.asof import Month
from duban.orgs.models import Unit
from duban.reminders.models import Channel
from duban.reminders.tests.receivers import robot_server
from duban.reports.queries import due_date, missing_reports

SEPTEMBER = Month(2021, 9)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def _run(day: dt.date) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("remind", "--as-of", str(day), "--at", "10:00", "--format", "json", "--send",
                 stdout=out)  # fmt: skip
    return json.loads(out.getvalue())


def test_the_late_units_robots_receive_their_missing_reports_once(demo: None) -> None:
    day_after = due_date(2021, 9) + dt.timedelta(days=1)
    late = {
        unit.code: {p.code for p in missing_reports(unit, SEPTEMBER)} for unit in Unit.objects.all()
    }
    late = {code: projects for code, projects in late.items() if projects}
    assert len(late) >= 3, "the demo has units late with September's reports"
    with robot_server() as robots:
        for channel in Channel.objects.filter(unit__isnull=False).select_related("unit"):
            robots.secrets[f"/{channel.kind}/{channel.unit.code}"] = str(channel.secret)
            channel.target = robots.url(channel.kind, channel.unit.code)
            channel.save(update_fields=["target"])
        first = _run(day_after)
        assert robots.refused == []
        robot_rows = [r for r in first if r["channel"] in ("wecom", "dingtalk", "feishu")]
        assert {r["status"] for r in robot_rows} == {"sent"}
        # Other rules may be due that day too (a letter, a node): the 催报 is the one about
        # reports "逾期未报"; each late unit's robot gets exactly one.
        late_notes = [
            r for r in robots.received if "逾期未报" in json.dumps(r.payload, ensure_ascii=False)
        ]
        received = {r.unit: r for r in late_notes}
        assert len(late_notes) == len(received)
        assert set(received) == set(late)
        for unit, projects in late.items():
            payload = json.dumps(received[unit].payload, ensure_ascii=False)
            assert all(code in payload for code in projects), unit
            others = set().union(*(p for u, p in late.items() if u != unit))
            assert not any(code in payload for code in others), unit
        # A second run sends nothing new.
        count = len(robots.received)
        assert _run(day_after) == []
        assert len(robots.received) == count
