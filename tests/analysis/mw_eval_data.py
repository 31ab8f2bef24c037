"""Helpers for the analysis tests: the MIT VADER ground-truth files, when present."""

from __future__ import annotations

from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
CANDIDATES = (EVAL, Path("/work/shared/eval"))


def vader_file(name: str) -> Path:
    """The path of a VADER ground-truth file, or skip the test when the data folder is absent."""
    for root in CANDIDATES:
        path = root / "vader" / name
        if path.is_file():
            return path
    pytest.skip(f"vader/{name} not found (the labeled data folder is not beside the project)")


def read_vader(path: Path, limit: int | None = None) -> list[tuple[float, str]]:
    """``(mean rating, text)`` rows of a VADER ground-truth file."""
    rows = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                rows.append((float(parts[1]), "\t".join(parts[2:])))
            if limit is not None and len(rows) >= limit:
                break
    return rows
