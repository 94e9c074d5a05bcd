"""Password policy (SECURITY.md A1), applied on every path that sets a password.

Django runs AUTH_PASSWORD_VALIDATORS from `validate_password`; every form, command and service
here calls it, and this validator is listed there, so one policy covers them all. The rules are
the ones a 等保 level-3 assessor probes with: length, three of four character classes, nothing
derived from the username, and none of the patterns Chinese users pick most (pinyin + birthday,
keyboard walks, 123456 in any disguise).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The most common Chinese passwords (published leak statistics) and keyboard walks; compared
# after stripping digits and symbols, so "password2021!" and "Qwerty@123" are caught too.
WEAK_WORDS = frozenset(
    {
        "password", "passw0rd", "admin", "administrator", "root", "qwerty", "qwertyuiop",
        "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "abc", "abcd", "abcdef", "abcdefg",
        "iloveyou", "woaini", "aini", "welcome", "letmein", "test", "guest", "user", "duban",
        "qazwsx", "qweasd", "zaq", "nihao", "wangyi", "baidu", "mima", "zhongguo",
        "china",
    }
)  # fmt: skip
# Common surnames in pinyin: a password that is a pinyin name plus a date is guessable from
# an address book, whatever its length.
_PINYIN_NAME = re.compile(
    r"^(zhang|wang|li|zhao|liu|chen|yang|huang|zhou|wu|xu|sun|hu|zhu|gao|lin|he|guo|ma|luo|"
    r"liang|song|zheng|xie|han|tang|feng|yu|dong|xiao|cheng|cao|yuan|deng|fu|shen|zeng|peng|"
    r"lu|su|jiang|cai|jia|ding|wei|xue|ye|yan|pan|du|dai|xia|zhong|tian|ren|jiang|fan|fang|"
    r"shi|yao|tan|liao|zou|xiong|jin|qin|qiu|hou|jiang)[a-z]{0,12}$"
)
_DATE = re.compile(r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])|(0[1-9]|1[0-2])\d{2}$")
# Look-alike substitutions people make (P@ssw0rd): undone before comparing with word lists.
_LEET: tuple[dict[int, str], ...] = (
    str.maketrans({}),  # symbols and digits as separators: Wang@Gulou2021
    str.maketrans({"@": "a", "4": "a", "0": "o", "3": "e", "$": "s", "5": "s", "7": "t",
                   "!": "i", "1": "i", "|": "l", "8": "b"}),
    str.maketrans({"@": "a", "4": "a", "0": "o", "3": "e", "$": "s", "5": "s", "7": "t",
                   "!": "l", "1": "l", "|": "l", "8": "b"}),
)  # fmt: skip
_EDGES = re.compile(r"^[^A-Za-z]+|[^A-Za-z]+$")


@functools.cache
def _common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords (the one CommonPasswordValidator reads)."""
    return frozenset(CommonPasswordValidator().passwords)


def place_words() -> frozenset[str]:
    """The district's place names in pinyin (settings; each district sets its own)."""
    return frozenset(w.strip().lower() for w in settings.DUBAN_PASSWORD_PLACE_WORDS if w.strip())


def guessable_words(password: str) -> list[str] | None:
    """The words of a password made only of guessable words, digits and symbols, or None.

    Leading and trailing digits and symbols (years, "!!", "@2021") are taken off, look-alike
    characters read back as letters, and what remains split into words: if every word is a
    common password, a weak word, a place of the district or a pinyin surname, the password is
    a guess away (P@ssw0rd2021, Fuzhou@2021, Gulou2021!!)."""
    core = _EDGES.sub("", password)
    if not core:
        return None
    known = WEAK_WORDS | place_words()
    for table in _LEET:
        words = [w for w in re.split(r"[^a-z]+", core.lower().translate(table)) if w]
        if words and all(
            w in known or (len(w) >= 4 and w in _common_passwords()) or _PINYIN_NAME.fullmatch(w)
            for w in words
        ):
            return words
    return None


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters the password uses."""
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class DubanPasswordValidator:
    """Length ≥ DUBAN_PASSWORD_MIN_LENGTH, ≥3 character classes, not username-based, not a
    known weak word, not pinyin + a date."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @property
    def min_length(self) -> int:
        return int(getattr(settings, "DUBAN_PASSWORD_MIN_LENGTH", 10))

    def validate(self, password: str, user: Any = None) -> None:
        errors: list[str] = []
        if len(password) < self.min_length:
            errors.append(_("密码长度至少 %(n)d 位") % {"n": self.min_length})
        if character_classes(password) < self.min_classes:
            errors.append(_("密码须包含大写字母、小写字母、数字、符号中的至少三类"))
        lowered = password.lower()
        letters = re.sub(r"[^a-z]", "", lowered)
        stripped = re.sub(r"[^a-z0-9]", "", lowered)
        username = str(getattr(user, "username", "") or "").lower()
        if username and len(username) >= 3 and (username in lowered or lowered in username):
            errors.append(_("密码不能包含用户名"))
        if letters in WEAK_WORDS or stripped in WEAK_WORDS or re.fullmatch(r"\d+", stripped):
            errors.append(_("密码过于常见，容易被猜中"))
        if letters and _PINYIN_NAME.match(letters) and _DATE.search(stripped):
            errors.append(_("密码不能是姓名拼音加生日"))
        elif guessable_words(password):
            errors.append(_("密码由常见单词、本地地名、年份或符号组成，容易被猜中"))
        if len(set(lowered)) <= 3:
            errors.append(_("密码重复字符过多"))
        if errors:
            raise ValidationError(errors, code="password_policy")

    def get_help_text(self) -> str:
        return _(
            "至少 %(n)d 位，包含大写字母、小写字母、数字、符号中的至少三类，"
            "不含用户名，不使用常见密码或姓名拼音加生日。"
        ) % {"n": self.min_length}
