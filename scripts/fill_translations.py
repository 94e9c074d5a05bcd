"""Fill the English catalogue from glossary files (msgid → English), keeping existing entries.

Usage: python scripts/fill_translations.py GLOSSARY.py [...]; each glossary defines T (dict) and
optionally P (dict msgid → (singular, plural)). Prints what is still untranslated.
"""

from __future__ import annotations

import runpy
import sys

import polib

PO = "duban/locale/en/LC_MESSAGES/django.po"


def main(paths: list[str]) -> None:
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, str]] = {}
    for path in paths:
        data = runpy.run_path(path)
        singular.update(data.get("T", {}))
        plural.update(data.get("P", {}))
    po = polib.pofile(PO)
    for entry in po:
        if entry.msgid_plural and entry.msgid in plural:
            one, many = plural[entry.msgid]
            entry.msgstr_plural = {0: one, 1: many}
        elif entry.msgid in singular and not entry.msgstr:
            entry.msgstr = singular[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(PO)
    missing = [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values()))]
    print(f"{len(po) - len(missing)}/{len(po)} translated; missing: {missing[:50]}")


if __name__ == "__main__":
    main(sys.argv[1:])
