"""Real receivers on 127.0.0.1 for the reminders' tests (never a mock of the sending code):
a small HTTP server that checks each robot's payload and signature the way WeCom, DingTalk
and Feishu do and answers like them, and an SMTP server (aiosmtpd)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    kind: str
    unit: str
    payload: dict[str, Any]
    query: dict[str, str]


@dataclass
class RobotServer:
    """Paths are /<kind>/<unit>; `secrets` maps a path to the robot's signing secret."""

    secrets: dict[str, str] = field(default_factory=dict)
    fail_next: int = 0
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, kind: str, unit: str, key: str = "k") -> str:
        return f"http://127.0.0.1:{self.port}/{kind}/{unit}?key={key}"

    def check(self, kind: str, path: str, query: dict[str, str], body: dict[str, Any]) -> str:
        """'' when the request is what the real robot accepts, else the refusal."""
        secret = self.secrets.get(path, "")
        if kind == "wecom":
            if body.get("msgtype") != "markdown" or "content" not in body.get("markdown", {}):
                return "bad wecom payload"
        elif kind == "dingtalk":
            md = body.get("markdown", {})
            if body.get("msgtype") != "markdown" or not md.get("title") or not md.get("text"):
                return "bad dingtalk payload"
            if secret:
                ts = query.get("timestamp", "")
                if not ts or abs(int(ts) - time.time() * 1000) > 3600 * 1000:
                    return "timestamp invalid"
                mac = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256)
                if query.get("sign") != base64.b64encode(mac.digest()).decode():
                    return "sign not match"
        elif kind == "feishu":
            card = body.get("card", {})
            if body.get("msg_type") != "interactive" or not card.get("elements"):
                return "bad feishu payload"
            if secret:
                ts = body.get("timestamp", "")
                if not ts or abs(int(ts) - time.time()) > 3600:
                    return "timestamp invalid"
                key = f"{ts}\n{secret}".encode()
                expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
                if body.get("sign") != expected:
                    return "sign match fail"
        return ""


@contextmanager
def robot_server(**kw: Any) -> Iterator[RobotServer]:
    state = RobotServer(**kw)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parsed.query))
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
            _, kind, unit = parsed.path.split("/", 2)
            if state.fail_next > 0:
                state.fail_next -= 1
                self.send_response(502)
                self.end_headers()
                return
            problem = state.check(kind, parsed.path, query, body)
            if problem:
                state.refused.append(problem)
                answer: dict[str, Any] = (
                    {"code": 19021, "msg": problem}
                    if kind == "feishu"
                    else {"errcode": 310000, "errmsg": problem}
                )
            else:
                state.received.append(Received(kind, unit, body, query))
                answer = {"code": 0, "msg": "success"} if kind == "feishu" else {
                    "errcode": 0, "errmsg": "ok"}  # fmt: skip
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def text_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")
