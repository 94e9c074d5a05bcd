"""Pure fragments: a piece of a page rendered from plain values alone, kept in the cache under
a digest of those values and the language.

Why: the ledger's fifty rows cost more to render than everything else on the page, and the
same rows are shown again and again between two saves. Invalidation is where page caches go
wrong (a save that does not show is a lost save to the person who made it), so there is none
here: the fragment's template is rendered with the values and nothing else (no request, no
user, no context processors), so the values *are* the fragment's whole input, and the key is
their digest. A saved change changes a value, hence the key; an old entry is never read again
and simply ages out. What the values must hold: everything the fragment shows, as plain
strings, numbers, dates or tuples of them (`repr` is their digest's input, so no objects).
What comes back from the cache is used only with its seal (an HMAC under the secret key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# An entry unused this long is dropped; rows change by saves, not by time.
FRAGMENT_SECONDS = 3600
_PLAIN = (str, int, float, bool, type(None))


def _check_plain(value: Any) -> None:
    """Only values whose repr is their content may key a fragment (an object's repr may be
    its id, which would make two different rows share one key)."""
    if isinstance(value, tuple | list):
        for item in value:
            _check_plain(item)
    elif not isinstance(value, _PLAIN) and type(value).__module__ not in ("datetime", "decimal"):
        raise TypeError(f"a fragment's values must be plain, not {type(value).__name__}")


def render_pure(template_name: str, rows: Sequence[tuple[Any, ...]]) -> SafeString:
    """`template_name` rendered with `rows` (its only context variable) in the active
    language, from the cache when the same rows were rendered before."""
    return render_of(
        template_name,
        (list(rows),),
        lambda rows: get_template(template_name).render({"rows": rows}),
    )


def render_of(name: str, values: tuple[Any, ...], produce: Callable[..., str]) -> SafeString:
    """`produce(*values)` in the active language, from the cache when the same values were
    produced before under the same `name`. `produce` must make its HTML from the values it
    is given (and the language) alone, through the template engine or Django's forms, which
    escape what they write."""
    _check_plain(values)
    digest = hashlib.sha256(repr((name, get_language(), values)).encode()).hexdigest()
    key = f"fragment:{digest}"
    hit = cache.get(key)
    if isinstance(hit, tuple) and len(hit) == 2 and constant_time_compare(_sealed(hit[1]), hit[0]):
        html: str = hit[1]
    else:
        html = str(produce(*values))
        cache.set(key, (_sealed(html), html), FRAGMENT_SECONDS)
    # The engine escaped every value; the seal shows this is what `produce` wrote, so whoever
    # can write to the cache server cannot put their own markup on a page.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def _sealed(html: str) -> str:
    return salted_hmac("duban.core.fragments", html, algorithm="sha256").hexdigest()
