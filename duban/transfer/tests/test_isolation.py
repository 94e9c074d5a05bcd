"""E2/E3: the native reader runs in a child process, so a hostile file that makes it abort,
panic, eat memory or never finish is one clean refusal and the server process lives on; and
mutated files of every format are either read or refused, never an unhandled exception."""

from __future__ import annotations

import io
import os
import random
import time
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from duban.transfer.isolation import run_isolated
from duban.transfer.limits import FileRefused
from duban.transfer.reader import read_sheets
from duban.transfer.safety import inspect_file
from duban.transfer.tests.helpers import spreadsheetml, xlsx
from tests.support.hostile_files import ods_bytes, xls_bytes

ROWS: list[list[Any]] = [
    ["项目名称", "责任单位", "总投资"],
    ["甲", "鼓东", 100],
    ["乙", "鼓西", 2.5],
]


def _abort() -> None:
    os.abort()


def _hog() -> bytes:
    return b"x" * (8 * 1024**3)


def _sleep() -> None:
    time.sleep(30)


def _refuse() -> None:
    raise FileRefused("too_many_rows", "工作表“x”行数过多")


def _answer() -> list[int]:
    return [os.getpid()]


def test_the_child_returns_its_result_and_passes_a_refusal_through() -> None:
    assert run_isolated(_answer, what="工作簿") != [os.getpid()]
    with pytest.raises(FileRefused) as caught:
        run_isolated(_refuse, what="工作簿")
    assert (caught.value.code, caught.value.message) == ("too_many_rows", "工作表“x”行数过多")


@override_settings(DUBAN_IMPORT_READER_MEMORY=256 * 1024**2, DUBAN_IMPORT_READER_SECONDS=2)
@pytest.mark.parametrize("fn", [_abort, _hog, _sleep])
def test_an_abort_a_memory_hog_or_a_hang_is_one_clean_refusal(fn: Any) -> None:
    started = time.monotonic()
    with pytest.raises(FileRefused) as caught:
        run_isolated(fn, what="旧版 Excel/WPS 工作簿")
    assert caught.value.code in ("invalid", "timeout")
    assert caught.value.message.startswith("文件无效")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "mutation",
    [
        [(1602, 184)],  # calamine 0.37 asks for 514 GB while opening: Rust aborts the process
        [(2676, 107), (1424, 48), (3267, 122)],  # calamine 0.37 panics on an out-of-range slice
    ],
)
def test_xls_files_that_crash_calamine_are_refused_and_the_process_survives(
    mutation: list[tuple[int, int]],
) -> None:
    data = bytearray(xls_bytes(ROWS))
    for position, value in mutation:
        data[position] = value
    try:
        sheets = read_sheets(inspect_file("坏表.xls", bytes(data)))
    except FileRefused as exc:
        assert exc.code in ("invalid", "corrupt_cfb", "not_spreadsheet"), exc.message
    else:  # a later calamine may read it: then it must at least give rows
        assert isinstance(sheets, list)


def _seeds() -> dict[str, bytes]:
    table = (
        '<table:table table:name="表"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>项目名称</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p>'
        "</table:table-cell></table:table-row></table:table>"
    )
    return {
        "a.xlsx": xlsx(ROWS),
        "a.xls": xls_bytes(ROWS),
        "a.ods": ods_bytes(table),
        "a.xml": spreadsheetml(load_workbook(io.BytesIO(xlsx(ROWS)))),
    }


@pytest.mark.parametrize("name", ["a.xlsx", "a.xls", "a.ods", "a.xml"])
def test_e3_mutated_files_are_read_or_refused_never_an_unhandled_exception(name: str) -> None:
    data = _seeds()[name]
    rng = random.Random(name)  # deterministic: the same 40 mutants every run
    outcomes: set[str] = set()
    for _ in range(40):
        mutant = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        try:
            read_sheets(inspect_file(name, bytes(mutant)))
            outcomes.add("read")
        except FileRefused as exc:
            outcomes.add(exc.code)
    assert outcomes - {"read"}, outcomes  # the mutants did reach the refusals
