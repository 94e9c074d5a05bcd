"""Every slide of the hall screen, on the demo district, at 1920×1080 and on a 4K wall
(3840×2160): every unit of every group is shown (long groups page through), and no text is
cut off or runs outside the screen. Screenshots land in var/test/screenshots/screen/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from duban.accounts.models import User
from duban.assessment.models import ScoreRun
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.VAR_DIR) / "screenshots" / "screen"
CLIPPED = """() => {
  const screen = document.getElementById('screen').getBoundingClientRect();
  const bad = [];
  const stage = document.getElementById('stage');
  if (stage.scrollHeight > stage.clientHeight + 1) bad.push('the slide is taller than the screen');
  for (const el of document.querySelectorAll('#screen *')) {
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && style.overflow !== 'visible'
        && el.tagName !== 'svg' && el.clientWidth > 0) {
      bad.push('cut: ' + el.tagName + ' ' + el.textContent.trim().slice(0, 30));
    }
    if (style.textOverflow === 'ellipsis') bad.push('ellipsis: ' + el.textContent.slice(0, 30));
  }
  for (const el of document.querySelectorAll('#screen td, #screen th, #screen p, .bar div')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > screen.right + 1 || r.bottom > screen.bottom + 1)) {
      bad.push('outside: ' + el.textContent.trim().slice(0, 30));
    }
  }
  return bad;
}"""


def test_every_slide_shows_every_unit_without_clipped_text_at_hd_and_4k(
    browser: Any, live_server: Any, login: Any
) -> None:
    call_command("load_demo", verbosity=0)
    user = User.objects.get(username="fgj")
    user.set_password(PASSWORD)
    user.save()
    month = ScoreRun.objects.filter(status="published").order_by("-year", "-month").first()
    assert month is not None
    as_of = f"{month.year}-{month.month:02d}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1920, 1080), (3840, 2160)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        login(page, user)
        page.goto(f"{live_server.url}/screen/?as_of={as_of}&interval=0&slide=0")
        page.wait_for_selector("#screen[data-loaded='1']")
        count = int(page.get_attribute("#screen", "data-slides") or 0)
        assert count >= 6
        scale = float(page.get_attribute("#screen", "data-scale") or 0)
        assert abs(scale - width / 1920) < 0.01
        shown_units: set[str] = set()
        for n in range(count):
            page.goto(f"{live_server.url}/screen/?as_of={as_of}&interval=0&slide={n}")
            page.wait_for_selector(f"#screen[data-loaded='1'][data-slide='{n}']")
            title = page.inner_text("#slide-title")
            assert page.evaluate(CLIPPED) == [], f"slide {n} {title} at {width}×{height}"
            if "考评排名" in title:
                shown_units |= set(
                    page.locator("table.ranking tbody td:nth-child(2)").all_inner_texts()
                )
            page.screenshot(path=str(SHOTS / f"{width}x{height}-{n:02d}.png"))
        ranked = set(
            ScoreRun.objects.filter(
                year=month.year, month=month.month, status="published"
            ).values_list("scores__unit__short_name", flat=True)
        )
        assert ranked and {u for u in ranked if u} <= shown_units
        context.close()
