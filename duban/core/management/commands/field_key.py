"""`duban field-key`: print a new key for DUBAN_FIELD_KEY (the encrypted columns' key)."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "生成一个新的字段加密密钥（用于 DUBAN_FIELD_KEY）"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(Fernet.generate_key().decode())
