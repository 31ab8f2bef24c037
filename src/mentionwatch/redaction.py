"""Secrets never reach output: every credential read is remembered and scrubbed from text we print."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

#: Shorter values are not treated as secrets (scrubbing ``"a"`` would mangle every message).
MIN_LENGTH = 4
MASK = "***"

_known: set[str] = set()
_lock = threading.Lock()


def remember(value: str | None) -> None:
    """Record a credential's value so :func:`redact` scrubs it from anything printed later."""
    if value and len(value) >= MIN_LENGTH:
        with _lock:
            _known.add(value)


def remember_env(names: Iterable[str], env: Mapping[str, str] | None = None) -> None:
    """Remember the values of the environment variables ``names`` (the ``*_env`` keys of a config)."""
    env = os.environ if env is None else env
    for name in names:
        remember(env.get(name))


def known() -> frozenset[str]:
    """Every credential value remembered so far."""
    with _lock:
        return frozenset(_known)


def forget_all() -> None:
    """Forget every remembered value (tests start clean)."""
    with _lock:
        _known.clear()


def _forms(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Replace ``secrets`` and every remembered credential (also URL-encoded) in ``text`` with a mask."""
    if not text:
        return text
    values = {s for s in secrets if s and len(s) >= MIN_LENGTH} | known()
    forms = sorted({form for value in values for form in _forms(value)}, key=len, reverse=True)
    for form in forms:
        if form in text:
            text = text.replace(form, MASK)
    return text
