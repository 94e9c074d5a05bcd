"""Path converters that refuse what no view could use, as a 404 rather than a 500.

`/assessment/bulletins/monthly/99999/1/` reached the view and failed building a Month of
year 99999 (issue #14). A year in a URL is four digits within the range `Month` accepts.
"""

from __future__ import annotations


class YearConverter:
    regex = "(?:19|2[0-9])[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
