from django.apps import AppConfig


class FilesConfig(AppConfig):
    """Evidence files (佐证材料) attached to any record: a report, a node, a project, and the
    records later apps add. Part of the foundation: it knows its owners only as (type, id),
    so every app above can attach files without this app knowing it."""

    name = "duban.files"
    label = "files"
    verbose_name = "佐证材料"
