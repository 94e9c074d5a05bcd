"""Running a native reader on an untrusted file in a child process (SECURITY.md E2/E3).

calamine is Rust: memory-safe, but not proof against hostile files. Fuzzing duban's reader with
mutated .xls files made it panic on an out-of-range slice (a Python `BaseException`, not an
`Exception`) and, worse, ask for a 214 GB allocation while opening a workbook: Rust aborts the
whole process when an allocation fails, which would take the web worker or `duban import` down
with it. The per-format checks in front of it (safety, formulas, biff, ods) cannot foresee every
length field a reader trusts, so the read itself runs in a forked child:

* an address-space limit (`DUBAN_IMPORT_READER_MEMORY`, bytes above the process's own size)
  turns an allocation bomb into the child's failure;
* a time limit (`DUBAN_IMPORT_READER_SECONDS`) ends a reader that never finishes;
* a crash, an abort, a panic or any other error in the child is one clean "文件无效" refusal;
  a `FileRefused` raised in the child (the caps) reaches the caller unchanged.

The child only reads bytes it was given and sends back plain rows; it touches no database
connection and leaves with `os._exit` (multiprocessing's fork start), so nothing of the parent's
state is closed or flushed twice. Fork keeps the cost to a few milliseconds plus pickling the
rows (+0.12 s wall for a 10,000-row preview).
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from django.conf import settings

from duban.transfer.limits import FileRefused

T = TypeVar("T")


def _own_size() -> int:
    """This process's virtual size in bytes (the child starts as a copy of it)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...], limit: int) -> None:
    # A short-lived child needs no cycle collector, and a collection would walk (and so copy)
    # every object inherited from the parent.
    gc.disable()
    # A native reader's panic or abort prints a backtrace: not into the server's log.
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)  # never above what the deployment already allows
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result: tuple[str, Any] = ("ok", fn(*args))
    except FileRefused as exc:
        result = ("refused", (exc.code, exc.message))
    except BaseException as exc:  # a reader's panic (pyo3) is a BaseException
        result = ("error", type(exc).__name__)
    conn.send(result)
    conn.close()


def run_isolated(fn: Callable[..., T], *args: Any, what: str) -> T:
    """fn(*args) in a forked child under memory and time limits; its result, or FileRefused."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    limit = _own_size() + int(settings.DUBAN_IMPORT_READER_MEMORY)
    process = context.Process(target=_child, args=(sender, fn, args, limit), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(float(settings.DUBAN_IMPORT_READER_SECONDS)):
            raise FileRefused(
                "timeout",
                f"文件无效：读取该{what}超过 {settings.DUBAN_IMPORT_READER_SECONDS} 秒，已中止",
            )
        status, payload = receiver.recv()
    except EOFError as exc:  # the child died without a word: an abort or the memory limit
        raise FileRefused(
            "invalid", f"文件无效：读取该{what}时解析程序异常终止（文件结构损坏或超出内存上限）"
        ) from exc
    finally:
        receiver.close()
        process.join(1)
        if process.is_alive():
            process.kill()
            process.join()
    if status == "refused":
        raise FileRefused(*payload)
    if status == "error":
        raise FileRefused("invalid", f"文件无效：无法解析该{what}（{payload}）")
    return payload  # type: ignore[no-any-return]
