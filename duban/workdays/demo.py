"""The demo's entered calendar: 2022's notice, as 发改局 enters it in December 2021 when the
district opens the next year (2021 itself comes from the calendar library)."""

from __future__ import annotations

from duban.core.actors import SystemActor
from duban.core.demo import DemoContext
from duban.workdays.models import OfficialCalendar
from duban.workdays.services import enter_calendar, parse_dates

NOTICE_2022 = "国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）"
HOLIDAYS_2022 = """1月1日至3日
1月31日至2月6日
4月3日至5日
4月30日至5月4日
6月3日至5日
9月10日至12日
10月1日至7日"""
WORKING_WEEKENDS_2022 = "1月29日、1月30日、4月2日、4月24日、5月7日、10月8日、10月9日"


def load(ctx: DemoContext) -> None:
    if OfficialCalendar.objects.exists():
        return
    year = ctx.year + 1
    enter_calendar(
        actor=SystemActor("demo"),
        year=year,
        holidays=parse_dates(HOLIDAYS_2022, year),
        working_weekends=parse_dates(WORKING_WEEKENDS_2022, year),
        source=NOTICE_2022,
    )
