"""SECURITY.md E1–E3: bad files are refused before parsing, each with its own message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from duban.audit.models import AuditEvent
from duban.transfer import checks, services
from duban.transfer.safety import FileRefused, inspect_file
from duban.transfer.tests.helpers import business_counts, xlsx
from tests.support.factories import SYSTEM
from tests.support.hostile_files import EXPECTED, SHEET, base_xlsx, make_all, rewrite
from tests.support.spreadsheets import setup_district

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, str]:
    return make_all(tmp_path_factory.mktemp("hostile"))


def test_e1_every_hostile_file_is_refused_with_its_own_message_and_nothing_is_written(
    hostile: dict[Path, str],
) -> None:
    setup_district()
    before = business_counts()
    messages = {}
    for path, code in hostile.items():
        with pytest.raises(FileRefused) as caught:
            services.preview_file(
                path.name, path.read_bytes(), kind="ledger", actor=SYSTEM, year=2021
            )
        assert caught.value.code == code, path.name
        messages[path.name] = caught.value.message
    assert len(set(messages.values())) == len(EXPECTED)  # each its own message
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages.values())
    assert business_counts() == before


def test_e1_the_import_command_refuses_each_file_with_a_chinese_message_and_no_traceback(
    hostile: dict[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    setup_district()
    before = business_counts()
    for path in hostile:
        audit_before = AuditEvent.objects.count()
        with pytest.raises(SystemExit) as exited:
            call_command("import", str(path), "--dry-run")
        assert exited.value.code == 1
        err = capsys.readouterr().err
        assert "文件被拒绝" in err and "Traceback" not in err
        # The refusal itself is audited (C1), nothing else is written.
        refused = AuditEvent.objects.filter(event="import.refused").order_by("-id").first()
        assert AuditEvent.objects.count() == audit_before + 1
        assert refused is not None and refused.detail["file_name"] == path.name
    assert business_counts() == before


def test_e1_type_is_decided_by_content_not_by_name() -> None:
    with pytest.raises(FileRefused) as caught:
        inspect_file("ledger.csv", base_xlsx())
    assert caught.value.code == "renamed"
    with pytest.raises(FileRefused) as caught:
        inspect_file("ledger.xlsx", "项目名称,责任单位\n".encode())
    assert caught.value.code == "renamed"


@override_settings(DUBAN_IMPORT_MAX_BYTES=1000)
def test_e1_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(FileRefused) as caught:
        inspect_file("big.csv", b"a," * 600)
    assert caught.value.code == "too_large"


@override_settings(DUBAN_IMPORT_MAX_ROWS=5)
def test_e2_rows_are_capped_while_streaming_even_when_the_dimension_lies() -> None:
    data = xlsx([["项目名称", "责任单位"]] + [[f"项目{i}", "鼓东"] for i in range(10)])
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    lying = rewrite(
        data, {SHEET: sheet.replace(b'<dimension ref="A1:B11"/>', b'<dimension ref="A1"/>')}
    )
    assert b'ref="A1"/' in zipfile.ZipFile(io.BytesIO(lying)).read(SHEET)
    with pytest.raises(FileRefused) as caught:
        services.preview_file("x.xlsx", lying, kind="ledger", actor=SYSTEM, year=2021)
    assert caught.value.code == "too_many_rows"


@override_settings(DUBAN_IMPORT_MAX_COLS=20)
def test_e2_columns_are_capped_in_csv_too() -> None:
    with pytest.raises(FileRefused) as caught:
        services.preview_file(
            "wide.csv", (",".join(["x"] * 30)).encode(), kind="ledger", actor=SYSTEM, year=2021
        )
    assert caught.value.code == "too_many_cols"


def test_e2_a_zip_bomb_is_refused_quickly_from_the_central_directory(
    hostile: dict[Path, str],
) -> None:
    bomb = next(p for p in hostile if p.name == "zip_bomb.xlsx")
    started = time.perf_counter()
    with pytest.raises(FileRefused):
        inspect_file(bomb.name, bomb.read_bytes())
    assert time.perf_counter() - started < 1.0


def test_e3_a_missing_defusedxml_fails_the_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    assert checks.defusedxml_installed() == []
    monkeypatch.setattr(checks, "DEFUSED_MODULE", "defusedxml_not_installed_here")
    errors = checks.defusedxml_installed()
    assert [e.id for e in errors] == ["transfer.E001"]


def test_e3_any_parser_failure_is_one_clean_invalid_file_result() -> None:
    # A well-formed zip with the right parts but a workbook.xml that is not XML at all.
    broken = rewrite(base_xlsx(), {"xl/workbook.xml": b"this is not xml <<<"})
    with pytest.raises(FileRefused) as caught:
        services.preview_file("broken.xlsx", broken, kind="ledger", actor=SYSTEM, year=2021)
    assert caught.value.code == "invalid"
    assert caught.value.message.startswith("文件无效")
