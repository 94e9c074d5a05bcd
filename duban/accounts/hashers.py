"""How passwords are stored: Argon2id with OWASP's recommended parameters.

PBKDF2-SHA256 with Django's million rounds costs about half a second of a core per sign-in on
our servers; fifty officials signing in on a month-end morning held both cores of an app
server for half a minute (bench/load.py, issue 22). Argon2id is the OWASP Password Storage
Cheat Sheet's first choice and is memory-hard (a GPU farm gains far less against it than
against PBKDF2); with 19 MiB, two passes and one lane — OWASP's minimum configuration — a hash
takes tens of milliseconds. Hashes stored before are PBKDF2 and still verify; Django rewrites
each one as Argon2id at the account's next sign-in (`must_update`)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB, t = 2, p = 1 (OWASP Password Storage Cheat Sheet)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
