"""The store at 1,000 and at 1,000,000 mentions: inbox, digest and the ``scan --new`` lookup, with query plans.

    python benchmarks/store_bench.py [--small 1000] [--large 1000000] [--keep DIR]

Both stores hold the same kind of history at the same pace (1,000 mentions a day; the newest
day not yet in a digest; older mentions seen, done or ignored and digested), so only their size
differs. They are filled with ``executemany`` on the store's own schema (the store opens and
migrates the file first); each row's ``data`` is a real scored mention encoded by the store.

Timed, median of several runs, the two stores taking turns, on connections opened as the CLI opens them:

- inbox: ``Store.inbox()`` (the first 50) plus the ``new`` and ``snoozed`` counts, as ``mentionwatch inbox`` does;
- digest: ``collect_digest`` (pending mentions plus the 14-day history), as ``mentionwatch digest`` does;
- ``scan --new``: ``record_scan`` of 500 incoming mentions (half already stored, half new) and
  ``mark_reported``, as a scan does; each batch is undone afterwards, so every run finds the same store.

Every SQL statement those calls run is captured and checked with ``EXPLAIN QUERY PLAN``: a
full scan of a table counts as not indexed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import benchlib
import synth
from benchlib import Figure, say

sys.path.insert(0, str(benchlib.SRC))

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)
RECENT = 1000  # the newest mentions, alike in every store: 33 days at 30 a day (the digest looks back 30)
RECENT_PER_DAY = 30
PER_DAY = 1000  # older mentions, in the big store only
UNDIGESTED = timedelta(hours=24)  # the last digest went out this long ago
BATCH = 500
MAX_RATIO = 1.5
POOL = 2000


def scored_pool(n: int = POOL) -> list[dict[str, Any]]:
    """``n`` scored synthetic mentions as JSON objects (the store's encoding), to vary rows from."""
    from mentionwatch.analysis import Analyser
    from mentionwatch.config import load_config
    from mentionwatch.models import Mention

    analyser = Analyser(load_config(benchlib.SRC / "mentionwatch" / "data" / "demo.toml"), now=NOW)
    return [analyser.analyse(Mention.from_dict(raw)).to_dict() for raw in synth.mentions(n, seed=11, now=NOW)]


_HOLES = ("@@ID@@", "@@URL@@", "@@TS@@", "@@STATUS@@", "@@HANDLE@@")


def _template(base: dict[str, Any]) -> str:
    """``base`` as the store encodes it, with placeholders where each row differs."""
    from mentionwatch.store import decode_mention, encode_mention

    text = encode_mention(decode_mention(base))
    for hole in _HOLES:
        if hole in text:
            raise RuntimeError(f"{hole} occurs in a pool mention")
    obj = json.loads(text)
    obj.update(id="@@ID@@", url="@@URL@@", created_at="@@TS@@", fetched_at="@@TS@@", status="@@STATUS@@")
    obj["author"]["handle"] = "@@HANDLE@@"
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _seconds_ago(age: int) -> int:
    """When the mention ``age`` places before the newest arrived, in seconds before ``NOW``."""
    if age < RECENT:
        return int(age * 86400 / RECENT_PER_DAY)
    return int(RECENT * 86400 / RECENT_PER_DAY + (age - RECENT) * 86400 / PER_DAY)


#: Generates the rows inside SQLite (a Python loop would take minutes for a million): row ``i``
#: takes pool mention ``i % pool`` and varies its id, URL, author, time and triage state.
_FILL = """
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :count - 1),
timed AS (
    SELECT i, p.*, (i * 2654435761) % 1000003 AS h,
        :now - CAST(CASE WHEN :count - 1 - i < :recent THEN (:count - 1 - i) * 86400.0 / :recent_per_day
                    ELSE :recent * 86400.0 / :recent_per_day + (:count - 1 - i - :recent) * 86400.0 / :per_day END AS INTEGER) AS created
    FROM seq JOIN pool AS p ON p.k = i % :pool
),
shaped AS (
    SELECT *, source || ':' || i AS mid, prefix || '_' || (h % 50000) AS handle,
        CASE WHEN created >= :cutoff THEN (CASE WHEN h % 5 < 3 THEN 'new' ELSE 'seen' END)
             WHEN created >= :snooze_window AND h % 100 = 99 THEN 'snoozed'
             WHEN h % 100 < 70 THEN 'seen' WHEN h % 100 < 92 THEN 'done' ELSE 'ignored' END AS status
    FROM timed
)
INSERT INTO mentions (id, source, url_key, author_key, created_at, first_seen, last_seen, level_rank, score,
                      sentiment, intent, status, snoozed_until, status_changed_at, muted, data, digest_id)
SELECT mid, source, 'example.invalid/' || source || '/' || i, handle, created, created, created, level_rank, score,
    sentiment, intent, status,
    CASE WHEN status = 'snoozed' THEN :now + 2 * 86400 END,
    CASE WHEN status IN ('new', 'seen') THEN NULL ELSE created END,
    0,
    replace(replace(replace(replace(replace(template,
        '@@ID@@', mid), '@@URL@@', 'https://example.invalid/' || source || '/' || i),
        '@@TS@@', strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch')), '@@STATUS@@', status), '@@HANDLE@@', handle),
    CASE WHEN created >= :cutoff THEN NULL ELSE 1 + (:now - created) / 86400 END
FROM shaped
"""


def fill(path: Path, count: int, pool: list[dict[str, Any]]) -> float:
    """Create a store at ``path`` holding ``count`` mentions; returns the seconds it took."""
    from mentionwatch.models import LEVELS
    from mentionwatch.store import Store, author_key, url_key

    # the shortcuts the SQL takes must agree with the store's own keys
    if url_key("https://example.invalid/x/7") != "example.invalid/x/7" or author_key("sam_7") != "sam_7":
        raise RuntimeError("url_key or author_key changed; update the benchmark's SQL")
    start = time.perf_counter()
    Store.open(path).close()  # create and migrate through the store itself
    db = sqlite3.connect(path, isolation_level=None)
    # a one-off bulk load: no journal, no syncs, the indexes in memory; WAL again at the end
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    db.execute("BEGIN")
    rank = {level: i for i, level in enumerate(LEVELS)}
    db.execute("CREATE TEMP TABLE pool (k INTEGER PRIMARY KEY, source, prefix, level_rank, score, sentiment, intent, template)")
    db.executemany(
        "INSERT INTO pool VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                k,
                base["source"],
                base["author"]["handle"].split("_")[0].lower(),
                rank.get((base["priority"] or {}).get("level", "fyi"), 2),
                (base["priority"] or {}).get("score", 0),
                (base["sentiment"] or {}).get("label"),
                base["intent"],
                _template(base),
            )
            for k, base in enumerate(pool)
        ),
    )
    now_ts = int(NOW.timestamp())
    cutoff = now_ts - int(UNDIGESTED.total_seconds())
    days = 2 + _seconds_ago(count) // 86400
    db.executemany(
        "INSERT INTO digests (id, created_at, delivered_via, mention_count) VALUES (?, ?, 'mail', ?)",
        ((d, cutoff - (d - 1) * 86400, PER_DAY) for d in range(1, days + 1)),
    )
    db.execute(
        _FILL,
        {
            "count": count,
            "pool": len(pool),
            "now": now_ts,
            "cutoff": cutoff,
            "snooze_window": now_ts - 7 * 86400,
            "recent": RECENT,
            "recent_per_day": RECENT_PER_DAY,
            "per_day": PER_DAY,
        },
    )
    db.execute("DROP TABLE pool")
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    return time.perf_counter() - start


def incoming(count: int, stored: int, pool: list[dict[str, Any]], batch: int) -> list[Any]:
    """A scan's worth of mentions: half seen in the store's last day (same id), half never seen."""
    from mentionwatch.models import Mention
    from mentionwatch.store import decode_mention

    rng = random.Random(100 + batch)
    again = [stored - 1 - rng.randrange(min(stored, PER_DAY)) for _ in range(count // 2)]
    mentions: list[Mention] = []
    for i in again:
        base = pool[i % len(pool)]
        mentions.append(decode_mention({**base, "id": f"{base['source']}:{i}", "url": f"https://example.invalid/{base['source']}/{i}"}))
    for j in range(count - len(again)):
        base = pool[(batch * count + j) % len(pool)]
        fresh = {**base, "id": f"{base['source']}:new-{batch}-{j}", "url": f"https://example.invalid/{base['source']}/new-{batch}-{j}"}
        fresh["author"] = {**base["author"], "handle": f"newcomer_{batch}_{j}"}
        fresh["created_at"] = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
        mentions.append(decode_mention(fresh))
    return mentions


class Plans:
    """Captures every statement run on a store's connection and checks its query plan."""

    def __init__(self) -> None:
        self.statements: dict[str, list[str]] = {}

    def capture(self, label: str, connection: sqlite3.Connection) -> Callable[[], None]:
        """Record ``label``'s statements until the returned function is called."""
        seen = self.statements.setdefault(label, [])

        def trace(sql: str) -> None:
            if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
                seen.append(sql)

        connection.set_trace_callback(trace)
        return lambda: connection.set_trace_callback(None)

    def full_scans(self, label: str, connection: sqlite3.Connection) -> list[str]:
        """Plan steps of ``label``'s statements that read a whole table or a whole (non-partial) index."""
        partial = {
            str(name)
            for name, sql in connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            if " WHERE " in str(sql).upper()
        }
        bad: dict[str, None] = {}
        for sql in dict.fromkeys(self.statements.get(label, [])):
            for row in connection.execute("EXPLAIN QUERY PLAN " + sql):
                detail = str(row[-1])
                if not detail.startswith("SCAN ") or "CONSTANT ROW" in detail:
                    continue
                index = re.search(r"USING (?:COVERING )?INDEX (\w+)", detail)
                if index is None or index.group(1) not in partial:
                    bad[f"{detail} in: {' '.join(sql.split())[:160]}"] = None
        return list(bad)


def undo(path: Path, inserted: list[str], reported: list[str]) -> None:
    """Put a store back as it was before a ``scan --new`` batch, so every batch (and run) finds the same store."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        for ids, sql in (
            (inserted, "DELETE FROM mention_aliases WHERE mention_id IN ({})"),
            (inserted, "DELETE FROM mentions WHERE id IN ({})"),
            (reported, "UPDATE mentions SET status = 'new', status_changed_at = NULL WHERE id IN ({})"),
        ):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                db.execute(sql.format(",".join("?" * len(chunk))), chunk)
        db.execute("COMMIT")
    finally:
        db.close()


def _reads(store: Any) -> dict[str, Callable[[], None]]:
    """The read-only work of ``inbox`` and ``digest`` on an open store."""
    from mentionwatch.digest import collect_digest

    def inbox() -> None:
        items = store.inbox(limit=50, now=NOW)
        counts = {status: store.count(status) for status in ("new", "snoozed")}
        if not items or not counts["new"]:
            raise RuntimeError("the inbox should not be empty")

    def digest() -> None:
        if collect_digest(store, business="Juniper & Rye", now=NOW).empty:
            raise RuntimeError("the digest should not be empty")

    return {"inbox": inbox, "digest": digest}


def _scan_new(path: Path, mentions: list[Any], plans: Plans, label: str) -> float:
    """Seconds to store one scan's mentions and mark the new ones reported; then undo it."""
    from mentionwatch.store import Store

    with Store.open(path, create=False) as store:
        store.inbox(limit=1, now=NOW)  # warm the connection as the reads are
        stop = plans.capture(label, store._db)
        start = time.perf_counter()
        kept = store.record_scan(mentions, now=NOW)
        new_ids = [item.mention.id for item in kept if item.mention.status == "new"]
        store.mark_reported(new_ids, NOW)
        seconds = time.perf_counter() - start
        stop()
    inserted = [item.mention.id for item in kept if item.inserted]
    if not inserted or len(inserted) == len(kept):
        raise RuntimeError("a --new batch should be half stored, half new")
    fresh = set(inserted)
    undo(path, inserted, [i for i in new_ids if i not in fresh])
    return seconds


def measure_pair(paths: dict[int, Path], pool: list[dict[str, Any]], plans: Plans, *, runs: int = 30, batches: int = 6) -> dict[int, dict[str, float]]:
    """Median seconds of inbox, digest and ``scan --new`` on each store, the stores taking turns.

    Taking turns (small, large, small, large, ...) lets a busy machine slow both alike.
    """
    from mentionwatch.store import Store

    times: dict[int, dict[str, list[float]]] = {n: {"inbox": [], "digest": [], "scan --new": []} for n in paths}
    stores = {n: Store.open(path, create=False) for n, path in paths.items()}
    try:
        reads = {n: _reads(store) for n, store in stores.items()}
        for n, funcs in reads.items():
            for label, func in funcs.items():
                func()  # warm the page cache, as a second command in a row would find it
                stop = plans.capture(f"{label}@{n}", stores[n]._db)
                func()
                stop()
        for _ in range(runs):
            for label in ("inbox", "digest"):
                for n in paths:
                    start = time.perf_counter()
                    reads[n][label]()
                    times[n][label].append(time.perf_counter() - start)
    finally:
        for store in stores.values():
            store.close()
    for batch in range(batches):
        for n, path in paths.items():
            times[n]["scan --new"].append(_scan_new(path, incoming(BATCH, n, pool, batch), plans, f"scan --new@{n}"))
    return {n: {label: statistics.median(values) for label, values in by_label.items()} for n, by_label in times.items()}


def measure(small: int = 1000, large: int = 1_000_000, keep: Path | None = None) -> list[Figure]:
    """Fill both stores, time the queries on each and check their plans."""
    say("store: scoring a pool of mentions for the rows")
    pool = scored_pool()
    plans = Plans()
    with tempfile.TemporaryDirectory(prefix="mentionwatch-store-bench-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {n: folder / f"store-{n}.db" for n in (small, large)}
        for n, path in paths.items():
            if path.exists() and keep is not None:
                say(f"store: reusing {path}")
                continue
            say(f"store: filling {n:,} mentions")
            seconds = fill(path, n, pool)
            size = path.stat().st_size / 1e6
            say(f"  {seconds:.1f} s, {size:,.0f} MB")
        say(f"store: timing inbox, digest and scan --new on {small:,} and {large:,} mentions, taking turns")
        timings = measure_pair(paths, pool, plans)
        with sqlite3.connect(paths[large]) as check:
            unindexed = {label: plans.full_scans(f"{label}@{large}", check) for label in timings[large]}
        checked = {sql for label in timings[large] for sql in plans.statements.get(f"{label}@{large}", [])}
        say(f"store: {len(checked)} distinct statements checked with EXPLAIN QUERY PLAN")

    figures = []
    for label in timings[large]:
        bad = unindexed[label]
        if bad:
            say(f"store: {label} reads whole tables: " + "; ".join(bad))
        note = "indexed" if not bad else f"{len(bad)} full scan(s)"
        big, little = timings[large][label] * 1000, timings[small][label] * 1000
        figures.append(
            Figure(
                f"store {label}, {large:,} mentions",
                big,
                "ms",
                f"same on {small:,} mentions",
                little,
                f"≤ {MAX_RATIO}×, {note}",
                big <= MAX_RATIO * little and not bad,
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the store benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build the stores in DIR and reuse them on the next run")
    args = parser.parse_args(argv)
    figures = measure(args.small, args.large, args.keep)
    benchlib.print_report(figures)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
