"""The ``jsonl`` source: mention objects as JSON lines from a file or stdin (only ``text`` required)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mentionwatch.models import Mention, MentionError, new_frozen
from mentionwatch.text import has_surrogate_escape, valid_unicode

MAX_LINE_CHARS = 1_000_000

#: the scanner ``json.loads`` ends up calling (a decoder with the default options has the same one)
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def loads_line(line: str) -> Any:
    """``json.loads(line)``, skipping its wrapper for the usual line: an object, then a newline or nothing."""
    if line[:1] == "{":
        try:
            value, end = _SCAN(line, 0)
        except (StopIteration, ValueError):  # json.loads below raises the error it would have raised
            pass
        else:
            size = len(line)
            if end == size or (end == size - 1 and line[end] == "\n"):
                return value
    return json.loads(line)


@dataclass(frozen=True)
class BadLine:
    """A line that could not be read as a mention; reported by number and skipped."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}; skipped"


@dataclass(frozen=True)
class InputRecord:
    """One good input line: the raw object (kept for pass-through) and the mention parsed from it."""

    line: int
    raw: dict[str, Any]
    mention: Mention


def read_records(lines: Iterable[str], *, default_source: str = "jsonl", first_line: int = 1) -> Iterator[InputRecord | BadLine]:
    """Yield a record or a :class:`BadLine` per non-blank input line, streaming, in input order (numbered from ``first_line``)."""
    for number, line in enumerate(lines, start=first_line):
        if not line or line.isspace():  # not line.strip(), without copying the line
            continue
        if len(line) > MAX_LINE_CHARS:
            yield BadLine(number, f"line longer than {MAX_LINE_CHARS} characters")
            continue
        try:
            raw = loads_line(line)
        except json.JSONDecodeError as exc:
            yield BadLine(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield BadLine(number, "JSON nested too deeply")
            continue
        if not isinstance(raw, dict):
            yield BadLine(number, "expected a JSON object")
            continue
        if has_surrogate_escape(line):
            try:
                raw = valid_unicode(raw)
            except RecursionError:
                yield BadLine(number, "JSON nested too deeply")
                continue
        try:
            mention = Mention.from_dict(raw, default_source=default_source)
        except MentionError as exc:
            yield BadLine(number, str(exc))
            continue
        yield new_frozen(InputRecord, {"line": number, "raw": raw, "mention": mention})  # InputRecord(...), built faster


def read_mentions(lines: Iterable[str], *, default_source: str = "jsonl") -> Iterator[Mention | BadLine]:
    """Yield mentions (or bad lines) from JSON lines."""
    for item in read_records(lines, default_source=default_source):
        yield item if isinstance(item, BadLine) else item.mention
