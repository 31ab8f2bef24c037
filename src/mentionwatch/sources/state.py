"""Each source's last run (its health and when) and the fetch cursors, in a small JSON file beside the store.

``scan`` records every run here and reads the cursors back, so a scan without ``--since`` starts where
the last successful fetch of that source and keyword ended; ``mentionwatch sources`` shows the health.
Nothing secret is written: health lines are already scrubbed of credentials, cursors are times and
feed validators.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mentionwatch.models import MentionError, format_time, parse_time

STATE_SUFFIX = ".sources.json"
_SEP = "\t"


@dataclass(frozen=True)
class SourceRun:
    """How a source did on its last run."""

    health: str
    at: datetime | None


@dataclass(frozen=True)
class SourceState:
    """Last runs by source, and cursors by (source, keyword query)."""

    runs: dict[str, SourceRun] = field(default_factory=dict)
    cursors: dict[tuple[str, str], str] = field(default_factory=dict)


def state_path(db_path: Path) -> Path:
    """Where the state lives for the store at ``db_path``: ``mentionwatch.db`` -> ``mentionwatch.sources.json``."""
    return db_path.with_name(db_path.stem + STATE_SUFFIX)


def load_state(path: Path) -> SourceState:
    """Read the state; a missing or unreadable file is an empty state (the next scan rewrites it)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SourceState()
    if not isinstance(raw, dict):
        return SourceState()
    runs: dict[str, SourceRun] = {}
    for name, run in (raw.get("runs") or {}).items() if isinstance(raw.get("runs"), dict) else ():
        if isinstance(name, str) and isinstance(run, dict) and isinstance(run.get("health"), str):
            runs[name] = SourceRun(run["health"], _time(run.get("at")))
    cursors: dict[tuple[str, str], str] = {}
    for key, cursor in (raw.get("cursors") or {}).items() if isinstance(raw.get("cursors"), dict) else ():
        if isinstance(key, str) and _SEP in key and isinstance(cursor, str):
            source, query = key.split(_SEP, 1)
            cursors[(source, query)] = cursor
    return SourceState(runs=runs, cursors=cursors)


def record_run(path: Path, health: Mapping[str, str], cursors: Mapping[tuple[str, str], str], when: datetime) -> SourceState:
    """Merge one run's health and new cursors into the state file (written atomically, owner-only)."""
    state = load_state(path)
    runs = {**state.runs, **{name: SourceRun(line, when) for name, line in health.items()}}
    merged = {**state.cursors, **cursors}
    data: dict[str, Any] = {
        "version": 1,
        "runs": {name: {"health": run.health, "at": format_time(run.at)} for name, run in sorted(runs.items())},
        "cursors": {f"{s}{_SEP}{q}": c for (s, q), c in sorted(merged.items())},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".sources-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return SourceState(runs=runs, cursors=merged)


def _time(value: Any) -> datetime | None:
    try:
        return parse_time(value)
    except MentionError:
        return None
