"""Start-up checks for the import pipeline (SECURITY.md E3).

openpyxl only parses with defusedxml when defusedxml is importable; without it an xlsx could
carry an entity-expansion attack straight into the XML parser. So its absence is an error that
stops `manage.py check` (and therefore every deployment), not a warning.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.core.checks import Error, register

DEFUSED_MODULE = "defusedxml"


@register("security")
def defusedxml_installed(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        importlib.import_module(DEFUSED_MODULE)
        importlib.import_module(f"{DEFUSED_MODULE}.ElementTree")
    except ImportError:
        return [
            Error(
                "未安装 defusedxml：导入 Excel 文件时无法防御 XML 实体攻击（XXE）",
                hint="pip install defusedxml（已列入 pyproject.toml 的依赖）",
                id="transfer.E001",
            )
        ]
    return []
