"""The `duban` command: every command-line verb is a Django management command.

`duban load_demo`, `duban import FILE`, `duban extract FILE`, `duban verify-audit` … all run
through here so that a district's scripts use the same services (and audit trail) as the pages.
Verbs may be spelt with hyphens (`verify-audit`); they map to `verify_audit`.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    # deferred: Django reads DJANGO_SETTINGS_MODULE at import; set it first.
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "duban"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)
