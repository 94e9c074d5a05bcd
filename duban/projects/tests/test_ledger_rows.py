"""The ledger's rows as a pure fragment (duban.core.fragments): rendered from plain values
alone, cached under their digest, so a changed value is a new fragment and nothing ever has to
be invalidated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.test import SimpleTestCase
from django.utils import translation

from duban.core import fragments
from duban.projects.views import LedgerRow

ROW = LedgerRow(
    1, "XM2021001", "光电芯片生产线", True, "工业", "城东街道", "26.00亿元", "开工在建",
    "2021-03-01", "—", False,
)  # fmt: skip


class PureFragmentTests(SimpleTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.renders = 0
        real = fragments.get_template

        def counting(name: str):  # type: ignore[no-untyped-def]
            self.renders += 1
            return real(name)

        fragments.get_template = counting  # type: ignore[assignment]
        self.addCleanup(setattr, fragments, "get_template", real)

    def render(self, *rows: LedgerRow) -> str:
        return fragments.render_pure("projects/_ledger_rows.html", list(rows))

    def test_the_same_rows_render_once(self) -> None:
        first = self.render(ROW)
        self.assertEqual(self.render(ROW), first)
        self.assertEqual(self.renders, 1)
        self.assertIn("光电芯片生产线", first)

    def test_any_changed_value_is_a_new_fragment_that_shows_it(self) -> None:
        self.render(ROW)
        changes = [("name", "光电芯片二期"), ("stage", "竣工投产"), ("pending_claim", True),
                   ("investment", "26.10亿元"), ("leader", "王强")]  # fmt: skip
        for field, value in changes:
            html = self.render(ROW._replace(**{field: value}))
            self.assertIn(str(value) if field != "pending_claim" else "待认定", html)
        self.assertEqual(self.renders, 6)

    def test_each_language_has_its_own_fragment(self) -> None:
        zh = self.render(ROW)
        with translation.override("en"):
            en = self.render(ROW)
        self.assertIn('data-label="项目编号"', zh)
        self.assertIn('data-label="Code"', en)
        self.assertEqual(self.renders, 2)

    def test_values_are_escaped(self) -> None:
        html = self.render(ROW._replace(name="<script>alert(1)</script>"))
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_only_plain_values_can_key_a_fragment(self) -> None:
        """An object's repr can be its memory address: two different rows would share a key."""
        for value in (Decimal("1.5"), dt.date(2021, 3, 1), ("a", 1), None):
            fragments.render_pure("projects/_ledger_rows.html", [ROW._replace(name=value)])
        with self.assertRaises(TypeError):
            fragments.render_pure("projects/_ledger_rows.html", [ROW._replace(name=object())])

    def test_markup_planted_in_the_cache_is_never_shown(self) -> None:
        """Whoever can write to the cache server cannot put their own markup on a page: an
        entry without the engine's seal is rendered afresh."""
        self.render(ROW)
        key = next(iter(cache._cache)).split(":", 2)[-1]  # type: ignore[attr-defined]
        cache.set(key, ("forged", "<script>alert(1)</script>"))
        html = self.render(ROW)
        self.assertNotIn("<script>", html)
        self.assertIn("光电芯片生产线", html)
        self.assertEqual(self.renders, 2)
