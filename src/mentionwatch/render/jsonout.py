"""JSON and JSON-lines output: the schema-version-1 mention object, whole."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from mentionwatch.models import Mention

#: made once: ``json.dumps`` with options builds a new encoder on every call
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_SPACED = json.JSONEncoder(ensure_ascii=False).encode


def dumps(mention: Mention) -> str:
    """One mention as a compact JSON line (non-ASCII kept, control characters escaped by JSON)."""
    return _COMPACT(mention.to_dict())


def render_json(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Write a JSON array of mention objects."""
    stream.write("[")
    first = True
    for mention in mentions:
        stream.write("\n  " if first else ",\n  ")
        stream.write(_SPACED(mention.to_dict()))
        first = False
    stream.write("\n]\n" if not first else "]\n")


def render_jsonl(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Write one mention object per line."""
    write = stream.write
    for mention in mentions:
        write(_COMPACT(mention.to_dict()) + "\n")
