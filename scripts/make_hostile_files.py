"""Write the hostile test files (one of each refusal) into a folder, default var/hostile/.

python scripts/make_hostile_files.py [FOLDER]
duban import var/hostile/zip_bomb.xlsx --dry-run   # → refused, exit status 1
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")

import django

django.setup()

from tests.support.hostile_files import make_all  # noqa: E402

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/hostile")
    for path, code in make_all(folder).items():
        print(f"{path}  →  {code}  ({path.stat().st_size} bytes)")
