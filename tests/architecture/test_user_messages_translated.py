"""Every message the product raises to a user goes through translation (the class of "about 50
error messages raised by services appear in Chinese in English mode", issue 20).

An AST walk over the package: a user-facing exception (a validation error, a refusal, a cell
error of an import, …) or a message to the user (`messages.error`, `form.add_error`) whose text
is a bare Chinese literal or f-string is refused; it must be `_("…")` (with `%(name)s`
placeholders), so the English catalogue carries it. Log lines, command-line tools (run by the
operator, in Chinese), migrations, demo loaders and tests are outside the class."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duban

CJK = re.compile(r"[\u4e00-\u9fff]")
PACKAGE = Path(duban.__file__).parent
# Exceptions whose text reaches a page, a preview or an API answer.
USER_FACING = {
    "ValidationError",
    "PermissionDenied",
    "CellError",
    "AgreementLocked",
    "ScoresNotAvailable",
}
# Calls that put a message on a page: django.contrib.messages and Form.add_error.
MESSAGES = {"error", "warning", "success", "info", "add_message", "add_error"}
LOGGERS = {"logger", "log", "logging", "LOG", "_log", "_logger"}
OUTSIDE = ("/tests/", "/migrations/", "/management/", "/demo/")


def _chinese_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(CJK.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_chinese_literal(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _chinese_literal(node.left) or _chinese_literal(node.right)
    if isinstance(node, ast.Dict):
        return any(v is not None and _chinese_literal(v) for v in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_chinese_literal(v) for v in node.elts)
    return False


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id in LOGGERS:
            return ""
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def untranslated(source: str, filename: str = "<source>") -> list[str]:
    """`file:line: call` for each user-facing message written as a bare Chinese literal."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name not in USER_FACING and name not in MESSAGES:
            continue
        if any(_chinese_literal(a) for a in [*node.args, *(k.value for k in node.keywords)]):
            found.append(f"{filename}:{node.lineno}: {name}")
    return found


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not any(part in f"/{path.relative_to(PACKAGE.parent)}" for part in OUTSIDE)
        and path.name != "demo.py"
    ]


def test_no_user_facing_message_is_a_bare_chinese_literal() -> None:
    modules = _modules()
    assert len(modules) > 300  # the walk saw the package
    offenders = [hit for path in modules for hit in untranslated(path.read_text(), str(path))]
    assert offenders == []


def test_the_check_catches_each_form_of_the_defect() -> None:
    source = """
raise ValidationError("该任务已销号")
raise CellError(f"找不到单位“{name}”")
messages.error(request, "保存失败")
form.add_error("date", "日期不正确")
raise ValidationError({"date": "日期不正确"})
"""
    assert len(untranslated(source)) == 5


def test_translated_messages_and_log_lines_pass() -> None:
    source = """
raise ValidationError(_("该任务已销号"))
raise CellError(_("找不到单位“%(name)s”") % {"name": name})
logger.warning("通知邮件发送失败：%s", exc)
raise ValueError("内部错误")
"""
    assert untranslated(source) == []
