"""gunicorn's settings for a duban app server (read from the working directory by default;
`gunicorn duban.wsgi -b 127.0.0.1:8000` picks it up). docs/performance.md explains the
numbers; every one can be changed through the environment without editing this file.

- gthread workers: a request that waits on PostgreSQL or Redis lets another thread of the
  same process run, and a slow client does not hold a whole process (nginx buffers anyway).
- workers ≈ 2 × cores + 1 per machine, shared by the app servers on it.
- keepalive above nginx's upstream keepalive so the balancer never reuses a connection that
  gunicorn is closing (a 502 under load otherwise).
- max_requests with jitter: a worker is replaced now and then, never all at once.
"""

from __future__ import annotations

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
