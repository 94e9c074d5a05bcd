"""The ledger (台账): search, filters, allowlisted sorting, pagination, bounded queries."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from duban.projects.choices import Listing, Stage
from tests.support.factories import Personas, make_category, make_listing, make_project


class LedgerTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.industry = make_category(name="工业")
        cls.chip = make_project(
            name="光电芯片生产线", unit=cls.street, category=cls.industry,
            total_investment_wan=Decimal(260000), strategic_emerging=True, stage=Stage.STARTED,
        )  # fmt: skip
        cls.mall = make_project(
            name="商业综合体", unit=cls.other_street, total_investment_wan=Decimal(15000)
        )
        make_listing(cls.chip, kind=Listing.NEW_START)
        make_listing(cls.mall, kind=Listing.CONTINUING)

    def get(self, **params: str) -> str:
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("projects:ledger"), {"as_of": "2021-06", **params})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_search_finds_by_name(self) -> None:
        page = self.get(q="芯片")
        self.assertIn("光电芯片生产线", page)
        self.assertNotIn("商业综合体", page)

    def test_filters_by_category_stage_listing_flag_and_investment_range(self) -> None:
        self.assertNotIn("商业综合体", self.get(category=str(self.industry.pk)))
        self.assertNotIn("商业综合体", self.get(stage=Stage.STARTED))
        self.assertNotIn("商业综合体", self.get(listing=Listing.NEW_START))
        self.assertNotIn("商业综合体", self.get(strategic="on"))
        self.assertNotIn("光电芯片生产线", self.get(max_investment_wan="２００００"))
        self.assertNotIn("商业综合体", self.get(min_investment_wan="十万"))

    def test_sorting_by_investment_descending_puts_the_largest_first(self) -> None:
        page = self.get(sort="-investment")
        self.assertLess(page.index("光电芯片生产线"), page.index("商业综合体"))

    def test_an_unknown_sort_key_falls_back_to_the_default(self) -> None:
        self.assertIn("光电芯片生产线", self.get(sort="name; DROP TABLE x"))

    def test_a_saved_change_shows_on_the_next_ledger_page(self) -> None:
        """The rows are cached under their own values (duban.core.fragments): a save changes a
        value, so the page just read is never the one shown after it."""
        from duban.projects import services

        self.assertIn("光电芯片生产线", self.get())
        self.chip.refresh_from_db()
        services.update_project(
            self.chip,
            actor=self.supervisor,
            expected_version=self.chip.version,
            changes={"name": "光电芯片生产线二期", "total_investment_wan": Decimal(270000)},
        )
        page = self.get()
        self.assertIn("光电芯片生产线二期", page)
        self.assertIn("27亿元", page)
        self.assertNotIn("26亿元", page)

    def test_the_ledger_costs_the_same_queries_for_many_projects(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("projects:ledger")
        self.client.get(url)  # the session's first page writes its idle clock
        before = self._queries(url)
        for _ in range(20):
            make_project(unit=self.street)
        self.assertEqual(self._queries(url), before)
        self.assertLessEqual(before, 9)

    def _queries(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.client.get(url)
        return len(ctx.captured_queries)


class LedgerCardLabelTests(Personas):
    """At 390 px each row becomes a card whose cells carry their column's name (data-label):
    translated once per page, in the reader's language."""

    def test_cells_carry_their_column_label_in_chinese_and_in_english(self) -> None:
        make_project(name="商业综合体", unit=self.street, total_investment_wan=Decimal(15000))
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("projects:ledger")).content.decode()
        self.assertIn('data-label="项目编号"', page)
        self.assertIn('data-label="总投资"', page)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get(reverse("projects:ledger")).content.decode()
        self.assertIn('data-label="Code"', page)
        self.assertNotIn('data-label="项目编号"', page)


class LedgerFilterFragmentTests(Personas):
    """The filter's fields come from the cache under the query's own fields and the choices
    (duban.core.fragments): each query shows exactly what rendering its form would."""

    def test_the_filter_shows_what_rendering_its_form_shows_for_every_query(self) -> None:
        from django.http import QueryDict
        from django.template.loader import render_to_string

        from duban.projects.forms import LedgerFilterForm

        make_category(name="工业")
        self.client.force_login(self.supervisor)
        queries = [
            "",
            "sort=-code",
            f"unit={self.street.pk}&stage=building&sort=name",
            f"unit={self.other_street.pk}&stage=building&page=2",
            "min_investment_wan=abc&strategic=on",  # an error shown beside its field
            "q=%3Cscript%3E",
        ]
        for query in queries * 2:  # the second round is served from the cache
            page = self.client.get(f"{reverse('projects:ledger')}?{query}").content.decode()
            form = LedgerFilterForm(QueryDict(query) or None)
            expected = render_to_string("projects/_ledger_filter.html", {"form": form})
            self.assertIn(expected, page, query)
            self.assertNotIn("<script>", page)
