"""Rules for reading numbers the way Chinese documents and ledgers write them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.numbers import normalize_digits, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("168", "168"),
        ("3.5", "3.5"),
        ("0.1", "0.1"),
        (".5", "0.5"),
        ("1,234", "1234"),
        ("12,345,678.25", "12345678.25"),
        ("-3", "-3"),
        ("+7", "7"),
        (" 42 ", "42"),
    ],
)
def test_arabic_numbers_are_read_exactly(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


def test_decimal_arithmetic_is_exact_not_float() -> None:
    value = parse_number("0.1")
    assert value is not None
    assert value + value + value == Decimal("0.3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２３．５", "123.5"),
        ("１，２３４", "1234"),
        ("－５", "-5"),
        ("１.２万", "12000"),
    ],
)
def test_full_width_digits_and_punctuation_are_read(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一百零八", 108),
        ("二千", 2000),
        ("一万五千", 15000),
        ("一万五", 15000),
        ("三千五", 3500),
        ("一百五", 150),
        ("一万零五", 10005),
        ("三十六", 36),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("两", 2),
        ("两万", 20000),
        ("〇", 0),
        ("零", 0),
        ("二〇二一", 2021),
        ("一亿五千万", 150_000_000),
        ("一千零一", 1001),
        ("九万九千九百九十九", 99999),
        ("萬", 10000),
        ("一億二千萬", 120_000_000),
    ],
)
def test_chinese_numerals_are_read(text: str, expected: int) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("壹佰零捌", 108),
        ("贰仟", 2000),
        ("叁拾陆", 36),
        ("壹萬伍仟", 15000),
        ("玖", 9),
    ],
)
def test_financial_numerals_are_read(text: str, expected: int) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2万", "12000"),
        ("3亿", "300000000"),
        ("1.5万亿", "1500000000000"),
        ("5千", "5000"),
        ("1万5千", "15000"),
        ("2.05亿", "205000000"),
        ("三点五", "3.5"),
        ("负三", "-3"),
    ],
)
def test_mixed_arabic_and_chinese_magnitudes_are_read(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12a",
        "一二三万四",
        "十十",
        "百十",
        "1.2.3",
        "1,23",
        "--5",
        "万万",
        "3千5",
        "点五",
        "三点",
        "-",
        "１２３％",
        "one",
        "五个",
    ],
)
def test_garbage_gives_none_not_an_exception(text: str) -> None:
    assert parse_number(text) is None


def test_non_string_gives_none() -> None:
    assert parse_number(None) is None  # type: ignore[arg-type]
    assert parse_number(12) is None  # type: ignore[arg-type]


def test_normalize_digits_keeps_length_and_the_chinese_full_stop() -> None:
    text = "新开工１６８个，增长１５％。"
    normalized = normalize_digits(text)
    assert normalized == "新开工168个,增长15%。"
    assert len(normalized) == len(text)


@given(st.text(max_size=30))
def test_any_text_is_handled_without_exception(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)
    assert len(normalize_digits(text)) == len(text)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_every_integer_round_trips(number: int) -> None:
    assert parse_number(str(number)) == Decimal(number)
