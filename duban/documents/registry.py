"""The documents `duban document KIND …` can write, contributed by the apps that own them.

An app offers a document by listing `DOCUMENT_COMMANDS` in its `documents` module (the
assessment app its bulletins, the supervision app its letters; later the meeting minutes and
the target responsibility letters). The command finds them by that convention, as
`duban load_demo` finds each app's `demo` module, so this foundation app imports none of the
apps above it.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Generated:
    """A document written for the command line: the .docx, its title, and warnings for the
    operator (a bulletin of a month whose scores are not yet published, …)."""

    docx: bytes
    title: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentCommand:
    name: str  # the sub-command: bulletin, letter, …
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    build: Callable[[Mapping[str, Any]], Generated]


def document_commands() -> dict[str, DocumentCommand]:
    """Every app's DOCUMENT_COMMANDS, by name, in the order of INSTALLED_APPS."""
    found: dict[str, DocumentCommand] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.documents"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        for command in getattr(module, "DOCUMENT_COMMANDS", ()):
            found[command.name] = command
    return found
