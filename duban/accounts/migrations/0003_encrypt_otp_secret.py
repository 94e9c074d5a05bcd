# Encrypt the TOTP secrets at rest (SECURITY.md H1). Existing plaintext values are encrypted
# in place with raw SQL (the field class would refuse to read them); reversing decrypts them.

from django.db import migrations

import duban.core.crypto


def _rewrite(apps, schema_editor, convert, wanted):
    connection = schema_editor.connection
    with connection.cursor() as cur:
        cur.execute("SELECT id, otp_secret FROM accounts_user WHERE otp_secret <> ''")
        for pk, stored in cur.fetchall():
            if wanted(stored):
                cur.execute(
                    "UPDATE accounts_user SET otp_secret = %s WHERE id = %s", [convert(stored), pk]
                )


def encrypt_existing(apps, schema_editor):
    crypto = duban.core.crypto
    _rewrite(apps, schema_editor, crypto.encrypt, lambda v: not v.startswith(crypto.PREFIX))


def decrypt_existing(apps, schema_editor):
    crypto = duban.core.crypto
    _rewrite(apps, schema_editor, crypto.decrypt, lambda v: v.startswith(crypto.PREFIX))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_failed_logins_user_locked_until_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="otp_secret",
            field=duban.core.crypto.EncryptedCharField(
                blank=True, max_length=255, verbose_name="动态口令密钥"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
