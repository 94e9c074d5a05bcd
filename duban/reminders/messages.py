"""Each channel's own message format (pure functions: the payload a robot receives).

WeCom group robot: markdown. DingTalk custom robot: markdown with a title. Feishu custom bot:
an interactive card whose text is lark_md, with the timestamp and signature in the body.
Email: plain text. Each message ends with a link into duban.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    subject: str
    unit: str
    lines: tuple[str, ...]
    link: str

    def markdown(self) -> str:
        items = "\n".join(f"- {line}" for line in self.lines)
        return f"**{self.subject}**\n\n> {self.unit}\n\n{items}\n\n[进入督办系统]({self.link})"

    def text(self) -> str:
        items = "\n".join(f"  · {line}" for line in self.lines)
        return f"{self.subject}\n{self.unit}\n\n{items}\n\n进入督办系统：{self.link}\n"


def wecom_payload(message: Message) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": message.markdown()}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: HMAC-SHA256 keyed by the secret over "timestamp\\nsecret",
    base64, then URL-encoded into the webhook's query (`&timestamp=…&sign=…`)."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_url(target: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return target
    query = urllib.parse.urlencode(
        {"timestamp": str(timestamp_ms), "sign": dingtalk_sign(secret, timestamp_ms)}
    )
    return f"{target}{'&' if '?' in target else '?'}{query}"


def dingtalk_payload(message: Message) -> dict[str, Any]:
    return {
        "msgtype": "markdown",
        "markdown": {"title": message.subject[:64], "text": message.markdown()},
    }


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature: HMAC-SHA256 keyed by "timestamp\\nsecret" over an empty message,
    base64; sent in the body beside the timestamp (seconds)."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def feishu_payload(message: Message, secret: str, timestamp_s: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "msg_type": "interactive",
        "card": {
            "header": {"title": {"tag": "plain_text", "content": message.subject}},
            "elements": [{"tag": "div", "text": {"tag": "lark_md", "content": message.markdown()}}],
        },
    }
    if secret:
        body = {"timestamp": str(timestamp_s), "sign": feishu_sign(secret, timestamp_s), **body}
    return body
