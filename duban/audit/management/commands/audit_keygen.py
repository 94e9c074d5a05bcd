"""`duban audit-keygen --private-out FILE`: a new Ed25519 key pair for audit checkpoints.

The private key is written to FILE (0600) for DUBAN_AUDIT_SIGNING_KEY_FILE, on the machine
that signs checkpoints and never in the database; the public key is printed, for
DUBAN_AUDIT_VERIFY_KEY wherever checkpoints are verified.
"""

from __future__ import annotations

import os
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandError

from duban.audit.checkpoints import private_pem, public_text


class Command(BaseCommand):
    help = "生成审计检查点签名密钥对：私钥写入文件（0600），打印公钥"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--private-out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        key = Ed25519PrivateKey.generate()
        try:
            fd = os.open(options["private_out"], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CommandError(f"无法创建 {options['private_out']}：{exc.strerror}") from exc
        with os.fdopen(fd, "wb") as out:
            out.write(private_pem(key))
        self.stdout.write(f"DUBAN_AUDIT_VERIFY_KEY={public_text(key.public_key())}")
