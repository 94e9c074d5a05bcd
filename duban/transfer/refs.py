"""Reference data an import matches names against: units, categories, leaders (one query each).

People write 鼓东街道, 鼓东, 区商务局 or 商务局 for the same unit; each alias maps to one record,
and an alias two records share is dropped rather than guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from duban.orgs.models import Leader, Unit
from duban.projects.models import Category
from duban.transfer.values import normalize

T = TypeVar("T")
_PAREN_RE = re.compile(r"\(.*?\)")


def _alias_map(items: list[tuple[T, list[str]]]) -> dict[str, T]:
    seen: dict[str, list[T]] = defaultdict(list)
    for item, names in items:
        for name in {normalize(n) for n in names if n}:
            seen[name].append(item)
    return {name: found[0] for name, found in seen.items() if len(found) == 1}


@dataclass
class Refs:
    units: dict[str, Unit]
    categories: dict[str, Category]
    category_list: list[Category]
    leaders: dict[str, Leader]

    @classmethod
    def load(cls) -> Refs:
        units = list(Unit.objects.all())
        categories = list(Category.objects.all())
        leaders = list(Leader.objects.all())
        return cls(
            units=_alias_map(
                [
                    (
                        u,
                        [
                            u.name,
                            u.short_name,
                            u.code,
                            u.name.removeprefix("区"),
                            _PAREN_RE.sub("", normalize(u.name)),
                        ],
                    )
                    for u in units
                ]
            ),
            categories=_alias_map([(c, [c.name, c.code]) for c in categories]),
            category_list=sorted(categories, key=lambda c: -len(c.name)),
            leaders=_alias_map([(x, [x.name, f"{x.name}{x.title}", str(x)]) for x in leaders]),
        )

    def unit(self, text: Any) -> Unit | None:
        return self.units.get(normalize(text))

    def category(self, text: Any) -> Category | None:
        return self.categories.get(normalize(text))

    def leader(self, text: Any) -> Leader | None:
        word = normalize(text)
        return self.leaders.get(word) or self.leaders.get(_PAREN_RE.sub("", word))

    def category_in(self, *texts: str) -> Category | None:
        """The category a sheet is about, from its name first, then its title rows."""
        for text in texts:
            word = normalize(text)
            for category in self.category_list:
                if normalize(category.name) in word:
                    return category
        return None
