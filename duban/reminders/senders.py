"""Sending one message over one channel. Raises `SendError` with a reason a person can read
(the robot's own error message, the SMTP error); never logs a robot's address (its key)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from duban.reminders import messages
from duban.reminders.choices import ChannelKind
from duban.reminders.messages import Message


class SendError(Exception):
    pass


def _post_json(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    if not url.startswith(("https://", "http://")):
        raise SendError("地址须以 https:// 开头")
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(  # noqa: S310  # nosec B310 (scheme checked above)
            request, timeout=settings.DUBAN_REMINDER_TIMEOUT
        ) as response:
            body = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendError(f"无法连接：{getattr(exc, 'reason', exc)}") from exc
    try:
        answer: dict[str, Any] = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError) as exc:
        raise SendError("机器人返回的不是 JSON") from exc
    return answer


def _robot_ok(answer: dict[str, Any]) -> None:
    """WeCom and DingTalk answer errcode 0; Feishu answers code 0 (older: StatusCode 0)."""
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, "0"):
        reason = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or ""
        raise SendError(f"机器人拒收（{code}）：{reason}"[:250])


def send(kind: str, target: str, secret: str, message: Message) -> None:
    if kind == ChannelKind.EMAIL:
        try:
            EmailMessage(
                subject=f"[督办] {message.subject}",
                body=message.text(),
                to=[target],
                connection=get_connection(timeout=settings.DUBAN_REMINDER_TIMEOUT),
            ).send()
        except Exception as exc:  # any transport error: SMTP, DNS, TLS
            raise SendError(f"邮件发送失败：{exc}"[:250]) from exc
        return
    if kind == ChannelKind.WECOM:
        _robot_ok(_post_json(target, messages.wecom_payload(message)))
    elif kind == ChannelKind.DINGTALK:
        url = messages.dingtalk_url(target, secret, int(time.time() * 1000))
        _robot_ok(_post_json(url, messages.dingtalk_payload(message)))
    elif kind == ChannelKind.FEISHU:
        payload = messages.feishu_payload(message, secret, int(time.time()))
        _robot_ok(_post_json(target, payload))
    else:
        raise SendError(f"未知渠道：{kind}")
