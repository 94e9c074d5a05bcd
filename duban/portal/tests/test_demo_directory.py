"""The test suite never touches the demo's data directory (its database, its accounts file)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def test_tests_run_in_a_data_directory_of_their_own() -> None:
    demo_var = Path(settings.BASE_DIR) / "var"
    assert Path(settings.VAR_DIR) != demo_var
    assert Path(settings.VAR_DIR).is_relative_to(demo_var / "test")
    assert not str(settings.DATABASES["default"]["NAME"]).startswith(str(demo_var / "duban"))
