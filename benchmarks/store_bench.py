"""The store at 1,000 and at 1,000,000 mentions: inbox, digest and the ``scan --new`` lookup, with query plans.

    python benchmarks/store_bench.py [--small 1000] [--large 1000000] [--keep DIR]

Both stores hold the same kind of history at the same pace (1,000 mentions a day; the newest
day not yet in a digest; older mentions seen, done or ignored and digested), so only their size
differs. They are filled with ``executemany`` on the store's own schema (the store opens and
migrates the file first); each row's ``data`` is a real scored mention encoded by the store.

Timed, median of several runs, on a connection opened as the CLI opens it:

- inbox: ``Store.inbox()`` (the first 50) plus the ``new`` and ``snoozed`` counts, as ``mentionwatch inbox`` does;
- digest: ``collect_digest`` (pending mentions plus the 14-day history), as ``mentionwatch digest`` does;
- ``scan --new``: ``record_scan`` of 500 incoming mentions (half already stored, half new) and
  ``mark_reported``, as a scan does, each batch on a fresh copy of the small store.

Every SQL statement those calls run is captured and checked with ``EXPLAIN QUERY PLAN``: a
full scan of a table counts as not indexed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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


def _template(base: dict[str, Any], encode: Callable[[Any], str]) -> str:
    """``base`` encoded with placeholders where each row differs (faster than encoding every row)."""
    obj = {**base, "id": "\x00ID", "url": "\x00URL", "created_at": "\x00TS", "fetched_at": "\x00TS", "status": "\x00STATUS"}
    obj["author"] = {**base["author"], "handle": "\x00HANDLE"}
    return encode(obj).replace("\\u0000", "\x00")


def _seconds_ago(age: int) -> int:
    """When the mention ``age`` places before the newest arrived, in seconds before ``NOW``."""
    if age < RECENT:
        return int(age * 86400 / RECENT_PER_DAY)
    return int(RECENT * 86400 / RECENT_PER_DAY + (age - RECENT) * 86400 / PER_DAY)


def rows(count: int, pool: list[dict[str, Any]], seed: int = 5) -> Iterator[tuple[Any, ...]]:
    """``count`` mention rows, oldest first, the newest at ``NOW``.

    The newest ``RECENT`` arrive at ``RECENT_PER_DAY`` (so both stores share the same recent
    history); anything older arrived at ``PER_DAY`` before that.
    """
    from mentionwatch.models import LEVELS
    from mentionwatch.store import author_key, url_key

    rng = random.Random(seed)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    templates = [_template(base, encode) for base in pool]
    rank = {level: i for i, level in enumerate(LEVELS)}
    now_ts = int(NOW.timestamp())
    cutoff = now_ts - int(UNDIGESTED.total_seconds())
    snooze_window = now_ts - 7 * 86400
    if url_key("https://example.invalid/x/7") != "example.invalid/x/7":
        raise RuntimeError("url_key changed; update the benchmark's shortcut")
    for i in range(count):
        created = now_ts - _seconds_ago(count - 1 - i)
        k = i % len(pool)
        base = pool[k]
        source = base["source"]
        mention_id = f"{source}:{i}"
        handle = f"{base['author']['handle'].split('_')[0]}_{rng.randrange(50_000)}"
        stamp = datetime.fromtimestamp(created, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        snoozed_until = None
        if created >= cutoff:
            status, digest_id = rng.choice(("new", "new", "new", "seen", "seen")), None
        else:
            status = rng.choices(("seen", "done", "ignored"), weights=(70, 22, 8))[0]
            digest_id = 1 + (now_ts - created) // 86400
            if created >= snooze_window and rng.random() < 0.01:
                status, snoozed_until = "snoozed", now_ts + 2 * 86400
        data = (
            templates[k]
            .replace("\x00ID", mention_id)
            .replace("\x00URL", f"https://example.invalid/{source}/{i}")
            .replace("\x00TS", stamp)
            .replace("\x00STATUS", status)
            .replace("\x00HANDLE", handle)
        )
        priority = base["priority"] or {"level": "fyi", "score": 0}
        yield (
            mention_id,
            source,
            f"example.invalid/{source}/{i}",  # url_key(url), checked above
            author_key(handle, None),
            created,
            created,
            created,
            rank.get(priority["level"], 2),
            priority["score"],
            (base["sentiment"] or {}).get("label"),
            base["intent"],
            status,
            snoozed_until,
            None if status in ("new", "seen") else created,
            0,
            data,
            digest_id,
        )


def fill(path: Path, count: int, pool: list[dict[str, Any]]) -> float:
    """Create a store at ``path`` holding ``count`` mentions; returns the seconds it took."""
    from mentionwatch.store import Store

    start = time.perf_counter()
    Store.open(path).close()  # create and migrate through the store itself
    db = sqlite3.connect(path, isolation_level=None)
    # a one-off bulk load: no journal, no syncs, the indexes in memory; WAL again at the end
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    db.execute("BEGIN")
    days = 2 + _seconds_ago(count) // 86400
    now_ts = int(NOW.timestamp())
    db.executemany(
        "INSERT INTO digests (id, created_at, delivered_via, mention_count) VALUES (?, ?, 'mail', ?)",
        ((d, now_ts - int(UNDIGESTED.total_seconds()) - (d - 1) * 86400, PER_DAY) for d in range(1, days + 1)),
    )
    db.executemany(
        "INSERT INTO mentions (id, source, url_key, author_key, created_at, first_seen, last_seen, level_rank, score, "
        "sentiment, intent, status, snoozed_until, status_changed_at, muted, data, digest_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(count, pool),
    )
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
        """Plan lines that read a whole table (``SCAN t`` without an index) for ``label``'s statements."""
        bad: dict[str, None] = {}
        for sql in dict.fromkeys(self.statements.get(label, [])):
            for row in connection.execute("EXPLAIN QUERY PLAN " + sql):
                detail = str(row[-1])
                if detail.startswith("SCAN ") and " USING " not in detail and "CONSTANT ROW" not in detail:
                    bad[f"{detail} in: {' '.join(sql.split())[:160]}"] = None
        return list(bad)


def timed(func: Callable[[], Any], runs: int) -> float:
    """Median wall seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_store(path: Path, stored: int, pool: list[dict[str, Any]], plans: Plans, *, runs: int = 7, batches: int = 3, copy_each: bool) -> dict[str, float]:
    """Median seconds of the inbox, digest and ``scan --new`` work on the store at ``path``."""
    from mentionwatch.digest import collect_digest
    from mentionwatch.store import Store

    results: dict[str, float] = {}
    with Store.open(path, create=False) as store:
        connection: sqlite3.Connection = store._db

        def inbox() -> None:
            items = store.inbox(limit=50, now=NOW)
            counts = {status: store.count(status) for status in ("new", "snoozed")}
            assert items and counts["new"] > 0

        def digest() -> None:
            found = collect_digest(store, business="Juniper & Rye", now=NOW)
            assert not found.empty

        for label, func in (("inbox", inbox), ("digest", digest)):
            func()  # warm the page cache, as a second command in a row would find it
            stop = plans.capture(f"{label}@{stored}", connection)
            func()
            stop()
            results[label] = timed(func, runs)

    times = []
    for batch in range(batches):
        target = path
        if copy_each:
            target = path.with_name(f"{path.stem}-batch{batch}.db")
            shutil.copyfile(path, target)
        mentions = incoming(BATCH, stored, pool, batch)
        with Store.open(target, create=False) as store:
            connection = store._db
            store.inbox(limit=1, now=NOW)  # warm the connection as above
            stop = plans.capture(f"scan --new@{stored}", connection)
            start = time.perf_counter()
            kept = store.record_scan(mentions, now=NOW)
            new_ids = [item.mention.id for item in kept if item.mention.status == "new"]
            store.mark_reported(new_ids, NOW)
            times.append(time.perf_counter() - start)
            stop()
            if not any(item.inserted for item in kept) or all(item.inserted for item in kept):
                raise RuntimeError("the --new batch should be half stored, half new")
        if copy_each:
            target.unlink()
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
    results["scan --new"] = statistics.median(times)
    return results


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
        timings = {}
        for n, path in paths.items():
            say(f"store: timing inbox, digest and scan --new on {n:,} mentions")
            timings[n] = measure_store(path, n, pool, plans, copy_each=(n == small))
        with sqlite3.connect(paths[large]) as check:
            unindexed = {label: plans.full_scans(f"{label}@{large}", check) for label in timings[large]}

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
