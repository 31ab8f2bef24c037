"""The store under abuse: scans killed at any point, a locked database, corrupt and unwritable files.

A scan killed by SIGINT or SIGKILL at any point (starting, scoring, mid-transaction, printing) leaves
a database that passes ``PRAGMA integrity_check`` and still holds every mention (and triage state)
committed before the kill; the killed scan's own mentions are stored all or not at all, and the next
scan completes. A locked database is waited for, then refused with one line. A corrupt or unwritable
database gets one clear line and its bytes are never changed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from mentionwatch import store as store_module
from tests.hostile import assert_terminal_safe

ROOT = Path(__file__).resolve().parents[1]
BASE = 40
BIG = 300


def write_jsonl(path: Path, prefix: str, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            row = {
                "id": f"{prefix}-{i}",
                "source": "x",
                "author": {"handle": f"{prefix}user{i}"},
                "text": f"Order {i} from Joe's Bakery ({prefix}) never arrived, day {i % 30}. Word{prefix}{i}.",
                "url": f"https://x.example/{prefix}/{i}",
            }
            handle.write(json.dumps(row) + "\n")
    return path


def cli(*args: str, home: Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MENTIONWATCH_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "mentionwatch", *args], env=env, cwd=ROOT, **kwargs)


def run(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    process = cli(*args, home=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def stored(db: Path) -> dict[str, str]:
    """id -> status of every stored mention, read with plain sqlite3 after checking integrity."""
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        return {str(i): str(s) for i, s in raw.execute("SELECT id, status FROM mentions")}


# ------------------------------------------------------------------ kill at any point


def wal_size(db: Path) -> int:
    try:
        return (db.parent / (db.name + "-wal")).stat().st_size
    except OSError:
        return -1


def write_locked(db: Path) -> bool:
    """Whether another connection holds the write lock right now (the scan's transaction is open)."""
    try:
        probe = sqlite3.connect(f"file:{db}?mode=rw", uri=True, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


#: When the big scan is halfway through scoring, in seconds from its start, measured on this machine
#: by the ``seeded`` fixture (a fixed figure is too late on a fast machine and too early on a slow one).
SCORING_AT = [0.9]

#: When to strike, as a predicate over (seconds since start, database path, stdout bytes so far).
MOMENTS: dict[str, Callable[[float, Path, int], bool]] = {
    "while starting": lambda t, db, out: t >= 0.1,
    "while scoring": lambda t, db, out: t >= SCORING_AT[0] or out > 0,
    "mid-transaction": lambda t, db, out: t >= 0.3 and write_locked(db),
    "while committing": lambda t, db, out: wal_size(db) > 128 * 1024,
    "while printing": lambda t, db, out: out > 0,
    "after half the output": lambda t, db, out: out > BIG * 600,
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding BASE mentions (two of them triaged) and the big input file, made once."""
    where = tmp_path_factory.mktemp("seed")
    write_jsonl(where / "base.jsonl", "base", BASE)
    write_jsonl(where / "big.jsonl", "big", BIG)
    write_jsonl(where / "next.jsonl", "next", 3)
    first = run("scan", "--input", str(where / "base.jsonl"), "--db", str(where / "mw.db"), "--format", "jsonl", home=where / "home")
    assert first.returncode == 0, first.stderr
    assert run("done", "base-0", "--db", str(where / "mw.db"), home=where / "home").returncode == 0
    assert run("ignore", "base-1", "--db", str(where / "mw.db"), home=where / "home").returncode == 0
    # calibrate "while scoring": between a near-empty scan (start-up) and the full big scan
    began = time.monotonic()
    assert run("scan", "--input", str(where / "next.jsonl"), "--db", str(where / "small.db"), home=where / "home").returncode == 0
    startup = time.monotonic() - began
    began = time.monotonic()
    assert run("scan", "--input", str(where / "big.jsonl"), "--db", str(where / "calibrate.db"), home=where / "home").returncode == 0
    full = time.monotonic() - began
    SCORING_AT[0] = startup + (full - startup) / 2
    return where


@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_scan_killed_at_any_point_loses_nothing_already_stored(seeded: Path, tmp_path: Path, moment: str, sig: signal.Signals) -> None:
    db = tmp_path / "mw.db"
    shutil.copy(seeded / "mw.db", db)
    before = stored(db)
    assert len(before) == BASE and before["base-0"] == "done" and before["base-1"] == "ignored"

    process = cli("scan", "--input", str(seeded / "big.jsonl"), "--db", str(db), "--format", "jsonl", home=tmp_path / "home", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    received = [0]

    def drain() -> None:
        assert process.stdout is not None
        while chunk := process.stdout.read1(65536):
            received[0] += len(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.monotonic()
    struck = False
    while process.poll() is None and time.monotonic() - start < 60:
        if MOMENTS[moment](time.monotonic() - start, db, received[0]):
            process.send_signal(sig)
            struck = True
            break
        time.sleep(0.002)
    stderr = process.communicate(timeout=60)[1].decode("utf-8", "replace")
    reader.join(5)
    assert struck, f"the scan finished before '{moment}' came ({process.returncode})"

    if sig == signal.SIGINT:
        # 130 from our handler; death by SIGINT is Python's own way out; 0 only if it landed as the scan exited
        assert process.returncode in (130, -signal.SIGINT, 0), stderr
        if moment != "while starting":  # then Python may still be loading, before any of our code runs
            assert "Traceback" not in stderr
        for line in stderr.splitlines():
            assert_terminal_safe(line)
    else:
        assert process.returncode == -signal.SIGKILL

    after = stored(db)
    assert {k: v for k, v in after.items() if k.startswith("base-")} == before, "something already stored was lost or changed"
    big = [k for k in after if k.startswith("big-")]
    assert len(big) in (0, BIG), f"a killed scan stored {len(big)} of {BIG}: not atomic"

    # and the store takes the next scan as if nothing happened
    again = run("scan", "--input", str(seeded / "next.jsonl"), "--db", str(db), "--format", "jsonl", home=tmp_path / "home")
    assert again.returncode == 0, again.stderr
    final = stored(db)
    assert len(final) == len(after) + 3
    assert final["base-0"] == "done" and final["base-1"] == "ignored"


# ------------------------------------------------------------------ locked, corrupt, unwritable


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores opened by the CLI wait 0.5 s (not 10 s) for another writer."""
    real = store_module.Store.open.__func__  # type: ignore[attr-defined]

    def open_quickly(cls: type[store_module.Store], path: Any, **kwargs: Any) -> store_module.Store:
        kwargs["busy_timeout"] = 0.5
        return real(cls, path, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(store_module.Store, "open", classmethod(open_quickly))


def seed(run_cli: Any, tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "mw.db"
    small = write_jsonl(tmp_path / "small.jsonl", "s", 5)
    assert run_cli("scan", "--input", str(small), "--db", str(db), "--format", "jsonl").exit_code == 0
    return db, small


def one_line(result: Any) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert_terminal_safe(lines[0])
    return str(lines[0])


@contextmanager
def held(db: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database's write lock."""
    holder = sqlite3.connect(db, isolation_level=None, timeout=0, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE mentions SET status = status")
    try:
        yield holder
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_database_is_waited_for_then_refused_in_one_line(run_cli: Any, tmp_path: Path, short_busy_timeout: None) -> None:
    db, _ = seed(run_cli, tmp_path)
    more = write_jsonl(tmp_path / "more.jsonl", "m", 3)
    with held(db):
        result = run_cli("scan", "--input", str(more), "--db", str(db), "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert one_line(result) == f"mentionwatch: store: {db}: busy: another mentionwatch is writing to it and did not finish in time; try again"
    ids = stored(db)
    assert len(ids) == 5 and not any(k.startswith("m-") for k in ids)


def test_a_lock_released_while_waiting_lets_the_scan_through(run_cli: Any, tmp_path: Path) -> None:
    db, _ = seed(run_cli, tmp_path)
    more = write_jsonl(tmp_path / "more.jsonl", "m", 3)
    with held(db) as holder:
        released = threading.Timer(0.5, lambda: holder.execute("ROLLBACK"))
        released.start()
        result = run_cli("scan", "--input", str(more), "--db", str(db), "--format", "jsonl")
        released.join()
    assert result.exit_code == 0, result.stderr
    assert len(stored(db)) == 8


def corruptions(db: Path) -> dict[str, bytes]:
    good = db.read_bytes()
    page = 4096
    return {
        "random bytes": os.urandom(len(good)),
        "garbage header": b"garbage garbage!" + good[16:],
        "truncated": good[: len(good) // 3 + 7],
        "zeroed pages": good[: page * 2] + b"\x00" * (len(good) - page * 2),
        "text file": b"my shopping list\n" * 300,
    }


@pytest.mark.parametrize("kind", ["random bytes", "garbage header", "truncated", "zeroed pages", "text file"])
@pytest.mark.parametrize("command", [("scan", "--input"), ("inbox",), ("digest",)])
def test_a_corrupt_database_is_refused_in_one_line_and_never_written(run_cli: Any, tmp_path: Path, kind: str, command: tuple[str, ...]) -> None:
    db, small = seed(run_cli, tmp_path)
    for extra in tmp_path.glob("mw.db-*"):
        extra.unlink()
    bad = corruptions(db)[kind]
    db.write_bytes(bad)
    args = [*command, str(small)] if command[-1] == "--input" else list(command)
    result = run_cli(*args, "--db", str(db))
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    line = one_line(result)
    assert line.startswith(f"mentionwatch: store: {db}: ")
    assert "not a usable mentionwatch store" in line or "another application" in line or "malformed" in line
    assert db.read_bytes() == bad
    assert not (tmp_path / "mw.db-wal").exists() or (tmp_path / "mw.db-wal").stat().st_size == 0


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """Make ``paths`` unwritable for this process: chmod when permissions apply, ``chattr +i`` for root."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file unwritable")
    done: list[Path] = []
    try:
        for p in paths:
            if subprocess.run(["chattr", "+i", str(p)], capture_output=True).returncode != 0:
                pytest.skip("this file system does not support chattr +i")
            done.append(p)
        yield
    finally:
        for p in done:
            subprocess.run(["chattr", "-i", str(p)], check=False)


def test_an_unwritable_database_is_refused_in_one_line_and_left_as_it_was(run_cli: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "mw.db"
    small = write_jsonl(tmp_path / "small.jsonl", "s", 5)
    assert run_cli("scan", "--input", str(small), "--db", str(db), "--format", "jsonl").exit_code == 0
    for extra in data.glob("mw.db-*"):
        extra.unlink()
    before = db.read_bytes()
    more = write_jsonl(tmp_path / "more.jsonl", "m", 3)
    with unwritable(db, data):
        result = run_cli("scan", "--input", str(more), "--db", str(db), "--format", "jsonl")
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    line = one_line(result)
    assert line.startswith(f"mentionwatch: store: {db}: ")
    assert db.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["mw.db"]


def test_a_data_directory_that_cannot_be_written_is_refused_in_one_line(run_cli: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    small = write_jsonl(tmp_path / "small.jsonl", "s", 2)
    with unwritable(data):
        result = run_cli("scan", "--input", str(small), "--db", str(data / "sub" / "mw.db"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert one_line(result).startswith(f"mentionwatch: store: {data / 'sub'}: cannot create the data directory")
    assert list(data.iterdir()) == []


def test_a_ctrl_c_swallowed_by_a_finaliser_is_delivered_again() -> None:
    from types import SimpleNamespace

    from mentionwatch.cli import redeliver_interrupts

    with pytest.raises(KeyboardInterrupt):
        redeliver_interrupts(SimpleNamespace(exc_type=KeyboardInterrupt, exc_value=KeyboardInterrupt(), exc_traceback=None, err_msg=None, object=None))
