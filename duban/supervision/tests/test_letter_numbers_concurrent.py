"""Letter numbers under concurrent issuers (PostgreSQL only: SQLite serialises writers, so a
race there proves nothing, F2)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from duban.supervision.models import LetterSerial
from duban.supervision.services import _next_serial


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_never_share_a_number() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("并发编号测试需要 PostgreSQL")
    taken: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def issuer() -> None:
        try:
            start.wait()
            for _ in range(5):
                serial = _next_serial(2021)
                with lock:
                    taken.append(serial)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issuer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, 41))
    assert LetterSerial.objects.get(year=2021).last_serial == 40
