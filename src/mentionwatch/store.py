"""The SQLite store: mentions, triage state, mutes and digests, with ordered migrations.

One file in the data home (``--db`` overrides), in WAL mode with a busy timeout, so a scan from cron
and a person triaging at the terminal can share it. Every write runs in a ``BEGIN IMMEDIATE``
transaction. A file that is not a mentionwatch store is refused and never written to.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from mentionwatch.models import (
    LEVELS,
    Author,
    Engagement,
    Match,
    Mention,
    MentionError,
    Priority,
    Reply,
    Sentiment,
    utcnow,
)

#: ``PRAGMA application_id`` of a mentionwatch store ("mwat"); a database with another id is refused.
APPLICATION_ID = 0x6D776174
#: Default seconds to wait for another connection's write lock before failing.
DEFAULT_BUSY_TIMEOUT = 10.0
#: Two texts by the same author at least this similar are one mention.
NEAR_DUPLICATE_RATIO = 0.9
#: How far apart in time two posts by the same author may be and still be one mention.
NEAR_DUPLICATE_WINDOW = timedelta(days=3)
#: Triage states in which a mention is still open (shown by inbox, included in a digest).
OPEN_STATUSES: tuple[str, ...] = ("new", "seen")
#: Mute every source for this author.
ALL_SOURCES = "*"

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_CHUNK = 500

P = ParamSpec("P")
R = TypeVar("R")


# ---------------------------------------------------------------- errors


class StoreError(Exception):
    """The store cannot be used: not a mentionwatch database, corrupt, unwritable or too new."""


class StoreBusy(StoreError):
    """Another mentionwatch holds the store (or a run lock) longer than we were willing to wait."""


class StoreMissing(StoreError):
    """There is no store at the path yet (only when opened with ``create=False``)."""


class UnknownMention(StoreError):
    """No stored mention has this id or id prefix."""


class AmbiguousMention(StoreError):
    """An id prefix matches several stored mentions."""

    def __init__(self, prefix: str, candidates: Sequence[str]):
        self.prefix = prefix
        self.candidates = tuple(candidates)
        shown = ", ".join(self.candidates[:5]) + (", …" if len(self.candidates) > 5 else "")
        super().__init__(f"{prefix!r} matches several mentions ({shown}); give more of the id")


# ---------------------------------------------------------------- migrations


@dataclass(frozen=True)
class Migration:
    """One schema step; applied once, in order, and recorded in ``schema_migrations``."""

    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "mentions and aliases",
        (
            """CREATE TABLE mentions (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                url_key TEXT,
                author_key TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                first_seen INTEGER NOT NULL,
                last_seen INTEGER NOT NULL,
                level_rank INTEGER NOT NULL DEFAULT 2,
                score INTEGER NOT NULL DEFAULT 0,
                sentiment TEXT,
                intent TEXT,
                status TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'seen', 'done', 'ignored', 'snoozed')),
                snoozed_until INTEGER,
                status_changed_at INTEGER,
                muted INTEGER NOT NULL DEFAULT 0,
                data TEXT NOT NULL
            )""",
            "CREATE TABLE mention_aliases (alias TEXT PRIMARY KEY, mention_id TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE) WITHOUT ROWID",
            # inbox: equality on status, muted and level, then newest first; also counts per state
            "CREATE INDEX mentions_inbox ON mentions (status, muted, level_rank, created_at DESC)",
            # stats and the digest chart: a covering index, so counting a month never reads the rows
            "CREATE INDEX mentions_day ON mentions (created_at, muted, sentiment, intent)",
            "CREATE INDEX mentions_url ON mentions (url_key) WHERE url_key IS NOT NULL",
            "CREATE INDEX mentions_author ON mentions (author_key, created_at) WHERE author_key <> ''",
        ),
    ),
    Migration(
        2,
        "mutes",
        (
            "CREATE TABLE mutes (source TEXT NOT NULL, author TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (source, author)) WITHOUT ROWID",
        ),
    ),
    Migration(
        3,
        "digests",
        (
            """CREATE TABLE digests (
                id INTEGER PRIMARY KEY,
                created_at INTEGER NOT NULL,
                delivered_via TEXT NOT NULL,
                recipients TEXT,
                message_id TEXT,
                mention_count INTEGER NOT NULL DEFAULT 0
            )""",
            "ALTER TABLE mentions ADD COLUMN digest_id INTEGER REFERENCES digests(id)",
            "CREATE INDEX mentions_undigested ON mentions (level_rank, created_at) WHERE digest_id IS NULL AND muted = 0 AND status IN ('new', 'seen')",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def check_migrations(migrations: Sequence[Migration]) -> None:
    """Raise ``ValueError`` unless versions start at 1 and go up by one."""
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise ValueError(f"migration {migration.name!r} has version {migration.version}, expected {expected}")


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class StoredMention:
    """A mention as the store knows it: the mention (``status`` from the store) and its history."""

    mention: Mention
    first_seen: datetime
    last_seen: datetime
    snoozed_until: datetime | None = None
    digest_id: int | None = None
    digested_at: datetime | None = None
    muted: bool = False
    #: first stored by the call that returned it
    inserted: bool = False


@dataclass(frozen=True)
class Mute:
    """An author whose mentions are hidden, on one source or on every source (``*``)."""

    source: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class DailyCount:
    """How many stored mentions were posted on ``day`` with one sentiment and intent."""

    day: str
    sentiment: str
    intent: str
    count: int


@dataclass(frozen=True)
class Migrated:
    """A migration recorded as applied."""

    version: int
    name: str
    applied_at: datetime


# ---------------------------------------------------------------- keys and (de)serialisation


def _ts(value: datetime) -> int:
    return int(value.timestamp())


def _dt(value: int | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromtimestamp(int(value), timezone.utc)


def author_key(handle: str | None, name: str | None = None) -> str:
    """The author as compared across sources and in mutes: ``@Joe@mastodon.social`` -> ``joe``."""
    if handle and handle.strip().lstrip("@"):
        return handle.strip().lstrip("@").casefold().split("@", 1)[0]
    if name and name.strip():
        return " ".join(name.split()).casefold()
    return ""


_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref_src|ref_url)$", re.I)


def url_key(url: str | None) -> str | None:
    """``https://www.Example.com/a/?utm_source=x#c1`` -> ``example.com/a#c1``: same post, same key."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    host = host[4:] if host.startswith("www.") else host
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/")
    key = host + path
    if query:
        key += "?" + query
    if parts.fragment:
        key += "#" + parts.fragment
    return key


_URL_IN_TEXT = re.compile(r"https?://\S+", re.I)
_NON_WORD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """Case-folded words of ``text`` without links or punctuation, for near-duplicate checks."""
    return _NON_WORD.sub(" ", _URL_IN_TEXT.sub(" ", text.casefold())).strip()


def near_identical(a: str, b: str, ratio: float = NEAR_DUPLICATE_RATIO) -> bool:
    """Whether two normalised texts are the same post (equal, or similar by at least ``ratio``)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < 20:
        return False
    matcher = difflib.SequenceMatcher(None, a[:2000], b[:2000], autojunk=False)
    return matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


def encode_mention(mention: Mention) -> str:
    """The mention's schema-version-1 JSON, compact."""
    return json.dumps(mention.to_dict(), ensure_ascii=False, separators=(",", ":"))


def decode_mention(data: str | Mapping[str, Any], *, status: str | None = None) -> Mention:
    """Rebuild a full mention (scores, priority and reply included) from its stored JSON.

    ``status``, when given, replaces the stored one (the store's column is authoritative).
    Raises :class:`MentionError` if the JSON is not a mention object.
    """
    raw: Mapping[str, Any] = json.loads(data) if isinstance(data, str) else data
    try:
        author = raw.get("author") or {}
        engagement = raw.get("engagement") or {}
        s = raw.get("sentiment")
        p = raw.get("priority")
        r = raw.get("reply")
        intent = raw.get("intent")
        return Mention(
            id=str(raw["id"]),
            source=str(raw["source"]),
            text=str(raw["text"]),
            url=raw.get("url"),
            author=Author(
                handle=author.get("handle"),
                name=author.get("name"),
                url=author.get("url"),
                reach=author.get("reach"),
                reach_kind=author.get("reach_kind"),
            ),
            title=raw.get("title"),
            created_at=_parse_stored_time(raw.get("created_at")),
            fetched_at=_parse_stored_time(raw.get("fetched_at")),
            keywords=tuple(str(k) for k in raw.get("keywords") or ()),
            matched=tuple(Match(str(m["keyword"]), (int(m["span"][0]), int(m["span"][1]))) for m in raw.get("matched") or ()),
            engagement=Engagement(int(engagement.get("likes") or 0), int(engagement.get("replies") or 0), int(engagement.get("shares") or 0)),
            sentiment=Sentiment(float(s["score"]), str(s["label"]), float(s["confidence"])) if s else None,
            intent=str(intent) if intent is not None else None,
            priority=Priority(int(p["score"]), str(p["level"]), tuple(str(x) for x in p.get("reasons") or ())) if p else None,
            reply=(
                Reply(str(r["text"]), tuple(str(a) for a in r.get("alternatives") or ()), None if r.get("limit") is None else int(r["limit"]))
                if r
                else None
            ),
            status=status or str(raw.get("status") or "new"),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise MentionError(f"stored mention {raw.get('id') if isinstance(raw, Mapping) else '?'!r} is malformed: {exc}") from exc


def _parse_stored_time(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


def _merge_keywords(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for group in groups for k in group))


# ---------------------------------------------------------------- run locks


def lock_path(db_path: Path, name: str) -> Path:
    """The lock file for run ``name`` (e.g. ``digest``) beside the store."""
    return db_path.with_name(f"{db_path.name}.{name}.lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def run_lock(db_path: Path, name: str, *, wait: float = 30.0, poll: float = 0.1) -> Iterator[None]:
    """Hold the exclusive run lock ``name`` for this store, waiting up to ``wait`` seconds for it.

    The lock is an OS file lock, released by the kernel if the process dies, so a crashed run never
    blocks the next one. Raises :class:`StoreBusy` naming the holder's pid when the wait runs out.
    """
    path = lock_path(db_path, name)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the {name} lock file ({exc.strerror or exc})") from None
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = _lock_holder(path)
                raise StoreBusy(
                    f"another 'mentionwatch {name}' is running{holder} on {db_path}; gave up after waiting {wait:g}s"
                )
            time.sleep(poll)
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()} {utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')}\n".encode())
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _lock_holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii", errors="replace").split()
    except OSError:
        return ""
    if len(text) >= 2 and text[0].isdigit():
        return f" (pid {text[0]}, since {text[1]})"
    return ""


# ---------------------------------------------------------------- the store


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn SQLite errors raised by a store method into one-line :class:`StoreError`s."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            assert isinstance(store, Store)
            raise store._translate(exc) from None

    return wrapper


_COLUMNS = "id, status, data, first_seen, last_seen, snoozed_until, digest_id, muted"


class Store:
    """A mentionwatch store. Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None):
        self._db = connection
        self.path = path

    # -- opening

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> Store:
        """Open (creating and migrating as needed) the store at ``path``; ``:memory:`` for a throwaway one."""
        check_migrations(migrations)
        memory = str(path) == ":memory:"
        db_path = None if memory else Path(path)
        if db_path is not None:
            if db_path.is_dir():
                raise StoreError(f"{db_path}: is a directory, not a store file")
            exists = db_path.exists()
            if not exists and not create:
                raise StoreMissing(f"{db_path}: no store here yet (run 'mentionwatch scan' first)")
            if not exists:
                try:
                    db_path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"{db_path.parent}: cannot create the data directory ({exc.strerror or exc})") from None
            uri = db_path.resolve().as_uri() + ("?mode=rw" if exists else "?mode=rwc")
        else:
            uri = "file::memory:"
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: cannot open ({_reason(exc)})") from None
        store = cls(connection, db_path)
        try:
            store._prepare(busy_timeout, migrations)
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self, busy_timeout: float, migrations: Sequence[Migration]) -> None:
        db = self._db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from None
        if app_id != APPLICATION_ID and tables:
            raise StoreError(f"{self.path}: an SQLite database of another application, not a mentionwatch store; left untouched")
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if self.path is not None and str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch to WAL mode (journal mode is {mode})")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(migrations)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _migrate(self, migrations: Sequence[Migration]) -> None:
        db = self._db
        if self._up_to_date(migrations):
            return
        with self._transaction():
            if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
            )
            applied = {int(r[0]) for r in db.execute("SELECT version FROM schema_migrations")}
            self._check_not_newer(applied, migrations)
            now = _ts(utcnow())
            for migration in migrations:
                if migration.version in applied:
                    continue
                for statement in migration.statements:
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, now),
                )
            db.execute(f"PRAGMA user_version = {len(migrations):d}")

    def _up_to_date(self, migrations: Sequence[Migration]) -> bool:
        """Whether every migration is recorded already (checked without taking the write lock)."""
        db = self._db
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return False
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone() is None:
            return False
        applied = {int(r[0]) for r in db.execute("SELECT version FROM schema_migrations")}
        self._check_not_newer(applied, migrations)
        return all(m.version in applied for m in migrations)

    def _check_not_newer(self, applied: set[int], migrations: Sequence[Migration]) -> None:
        newest = max(applied, default=0)
        if newest > len(migrations):
            raise StoreError(
                f"{self.path}: written by a newer mentionwatch (schema {newest}; this one knows {len(migrations)}); upgrade mentionwatch"
            )

    def close(self) -> None:
        """Let SQLite refresh its planner statistics if needed, then close (uncommitted work is rolled back)."""
        try:
            self._db.execute("PRAGMA analysis_limit = 400")
            self._db.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: ``BEGIN IMMEDIATE`` takes the write lock up front (waiting up to the busy timeout)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        where = str(self.path) if self.path is not None else "in-memory store"
        reason = _reason(exc)
        lowered = reason.lower()
        if "locked" in lowered or "busy" in lowered:
            return StoreBusy(f"{where}: busy: another mentionwatch is writing to it and did not finish in time; try again")
        if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered or "permission" in lowered:
            return StoreError(f"{where}: cannot write to the store ({reason}); check the file's and its directory's permissions")
        if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered or "encrypted" in lowered:
            return StoreError(f"{where}: not a usable mentionwatch store ({reason}); left untouched")
        return StoreError(f"{where}: {reason}")

    def run_lock(self, name: str, *, wait: float = 30.0) -> AbstractContextManager[None]:
        """The exclusive run lock ``name`` (see :func:`run_lock`); a no-op for an in-memory store."""
        if self.path is None:
            return _null_lock()
        return run_lock(self.path, name, wait=wait)

    @_guarded
    def wake_snoozed(self, now: datetime | None = None) -> int:
        """Snoozed mentions whose time is up become new again (and due for the next digest)."""
        ts = _ts(now or utcnow())
        due = self._db.execute("SELECT 1 FROM mentions WHERE status = 'snoozed' AND snoozed_until <= ? LIMIT 1", (ts,)).fetchone()
        if due is None:
            return 0
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE mentions SET status = 'new', snoozed_until = NULL, digest_id = NULL, status_changed_at = ? "
                "WHERE status = 'snoozed' AND snoozed_until <= ?",
                (ts, ts),
            )
            return cursor.rowcount

    # -- schema facts

    @_guarded
    def migrations(self) -> list[Migrated]:
        """Migrations recorded as applied, oldest first."""
        rows = self._db.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        return [Migrated(int(v), str(n), _dt(a) or utcnow()) for v, n, a in rows]

    @_guarded
    def schema_version(self) -> int:
        """The highest applied migration."""
        row = self._db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @_guarded
    def pragma(self, name: str) -> Any:
        """Read one of ``journal_mode``, ``busy_timeout``, ``user_version``, ``application_id``."""
        if name not in ("journal_mode", "busy_timeout", "user_version", "application_id", "foreign_keys"):
            raise ValueError(f"unsupported pragma {name!r}")
        return self._db.execute(f"PRAGMA {name}").fetchone()[0]

    @_guarded
    def explain(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        """``EXPLAIN QUERY PLAN`` details for ``sql`` (to check that queries use the indexes)."""
        return [str(row[-1]) for row in self._db.execute("EXPLAIN QUERY PLAN " + sql, tuple(params))]

    # -- scanning

    @_guarded
    def record_scan(self, mentions: Sequence[Mention], *, now: datetime | None = None) -> list[StoredMention]:
        """Upsert scanned mentions in one transaction; returns each input's stored counterpart, in order.

        A mention already stored under its id, an alias, its URL, or by the same author with a
        near-identical text is merged into the stored one: first seen kept, last seen updated,
        keywords merged, triage state untouched.
        """
        now = now or utcnow()
        ts = _ts(now)
        self.wake_snoozed(now)
        with self._transaction():
            return [self._upsert(m, ts) for m in mentions]

    def _find_existing(self, mention: Mention, akey: str, ukey: str | None, created: int) -> tuple[Any, ...] | None:
        db = self._db
        row = db.execute(f"SELECT {_COLUMNS} FROM mentions WHERE id = ?", (mention.id,)).fetchone()
        if row is not None:
            return tuple(row)
        alias = db.execute("SELECT mention_id FROM mention_aliases WHERE alias = ?", (mention.id,)).fetchone()
        if alias is not None:
            row = db.execute(f"SELECT {_COLUMNS} FROM mentions WHERE id = ?", (alias[0],)).fetchone()
            if row is not None:
                return tuple(row)
        if ukey is not None:
            row = db.execute(f"SELECT {_COLUMNS} FROM mentions WHERE url_key = ? LIMIT 1", (ukey,)).fetchone()
            if row is not None:
                return tuple(row)
        if akey:
            text = normalise_text(mention.full_text)
            if not text:
                return None
            window = int(NEAR_DUPLICATE_WINDOW.total_seconds())
            candidates = db.execute(
                f"SELECT {_COLUMNS} FROM mentions WHERE author_key = ? AND author_key <> '' AND created_at BETWEEN ? AND ? "
                "ORDER BY created_at DESC LIMIT 50",
                (akey, created - window, created + window),
            )
            for candidate in candidates:
                other = decode_mention(candidate[2])
                if near_identical(text, normalise_text(other.full_text)):
                    return tuple(candidate)
        return None

    def _upsert(self, mention: Mention, ts: int) -> StoredMention:
        db = self._db
        akey = author_key(mention.author.handle, mention.author.name)
        ukey = url_key(mention.url)
        created = _ts(mention.created_at) if mention.created_at else ts
        existing = self._find_existing(mention, akey, ukey, created)
        if existing is None:
            muted = self._is_muted(mention.source, akey)
            fresh = mention.evolve(status="new")
            db.execute(
                "INSERT INTO mentions (id, source, url_key, author_key, created_at, first_seen, last_seen, level_rank, score, "
                "sentiment, intent, status, muted, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)",
                (
                    mention.id,
                    mention.source,
                    ukey,
                    akey,
                    created,
                    ts,
                    ts,
                    *_rank_fields(fresh),
                    int(muted),
                    encode_mention(fresh),
                ),
            )
            first = _dt(ts) or utcnow()
            return StoredMention(fresh, first_seen=first, last_seen=first, muted=muted, inserted=True)
        row_id, status, data, first_seen, _last, snoozed, digest_id, muted_flag = existing
        stored = decode_mention(data)
        if row_id == mention.id:
            # the same post again: take the fresh scores and engagement, keep what we knew
            merged = mention.evolve(
                keywords=_merge_keywords(stored.keywords, mention.keywords),
                matched=mention.matched or stored.matched,
                created_at=mention.created_at or stored.created_at,
                status=status,
            )
            db.execute(
                "UPDATE mentions SET last_seen = ?, level_rank = ?, score = ?, sentiment = ?, intent = ?, data = ? WHERE id = ?",
                (ts, *_rank_fields(merged), encode_mention(merged), row_id),
            )
        else:
            # the same post reached another way: one mention, more keywords
            merged = stored.evolve(keywords=_merge_keywords(stored.keywords, mention.keywords), status=status)
            db.execute("UPDATE mentions SET last_seen = ?, data = ? WHERE id = ?", (ts, encode_mention(merged), row_id))
            db.execute("INSERT OR IGNORE INTO mention_aliases (alias, mention_id) VALUES (?, ?)", (mention.id, row_id))
        return StoredMention(
            merged,
            first_seen=_dt(first_seen) or utcnow(),
            last_seen=_dt(ts) or utcnow(),
            snoozed_until=_dt(snoozed),
            digest_id=digest_id,
            muted=bool(muted_flag),
        )

    def _is_muted(self, source: str, akey: str) -> bool:
        if not akey:
            return False
        row = self._db.execute(
            "SELECT 1 FROM mutes WHERE author = ? AND source IN (?, ?) LIMIT 1", (akey, source, ALL_SOURCES)
        ).fetchone()
        return row is not None

    @_guarded
    def mark_reported(self, ids: Sequence[str], now: datetime | None = None) -> int:
        """Mentions shown to the user (by a scan) are no longer new; returns how many changed."""
        if not ids:
            return 0
        ts = _ts(now or utcnow())
        changed = 0
        with self._transaction() as db:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                cursor = db.execute(
                    f"UPDATE mentions SET status = 'seen', status_changed_at = ? WHERE id IN ({marks}) AND +status = 'new'",
                    (ts, *chunk),
                )
                changed += cursor.rowcount
        return changed

    # -- reading

    def _stored(self, row: Sequence[Any], digested_at: int | None = None) -> StoredMention:
        row_id, status, data, first_seen, last_seen, snoozed, digest_id, muted = row[:8]
        mention = decode_mention(data, status=status)
        if mention.id != row_id:
            mention = mention.evolve(id=row_id)
        return StoredMention(
            mention,
            first_seen=_dt(first_seen) or utcnow(),
            last_seen=_dt(last_seen) or utcnow(),
            snoozed_until=_dt(snoozed),
            digest_id=digest_id,
            digested_at=_dt(digested_at),
            muted=bool(muted),
        )

    @_guarded
    def get(self, mention_id: str) -> StoredMention | None:
        """The stored mention with this exact id (or alias), or ``None``."""
        sql = (
            "SELECT m.id, m.status, m.data, m.first_seen, m.last_seen, m.snoozed_until, m.digest_id, m.muted, d.created_at "
            "FROM mentions m LEFT JOIN digests d ON d.id = m.digest_id WHERE m.id = ?"
        )
        row = self._db.execute(sql, (mention_id,)).fetchone()
        if row is None:
            alias = self._db.execute("SELECT mention_id FROM mention_aliases WHERE alias = ?", (mention_id,)).fetchone()
            if alias is None:
                return None
            row = self._db.execute(sql, (alias[0],)).fetchone()
            if row is None:
                return None
        return self._stored(row, row[8])

    @_guarded
    def resolve(self, reference: str) -> str:
        """The id of the one stored mention ``reference`` names: an exact id, an alias, or a unique id prefix."""
        ref = reference.strip()
        if not ref:
            raise UnknownMention("empty mention id")
        db = self._db
        if db.execute("SELECT 1 FROM mentions WHERE id = ?", (ref,)).fetchone():
            return ref
        alias = db.execute("SELECT mention_id FROM mention_aliases WHERE alias = ?", (ref,)).fetchone()
        if alias is not None:
            return str(alias[0])
        upper = ref[:-1] + chr(ord(ref[-1]) + 1) if ord(ref[-1]) < 0x10FFFF else ref + "\U0010ffff"
        found = [str(r[0]) for r in db.execute("SELECT id FROM mentions WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", (ref, upper))]
        if not found:
            raise UnknownMention(f"no stored mention has the id {ref!r} (see 'mentionwatch inbox')")
        if len(found) > 1:
            raise AmbiguousMention(ref, found)
        return found[0]

    @_guarded
    def inbox(
        self,
        *,
        statuses: Sequence[str] = OPEN_STATUSES,
        levels: Sequence[str] = (),
        sources: Sequence[str] = (),
        include_muted: bool = False,
        limit: int | None = 50,
        now: datetime | None = None,
    ) -> list[StoredMention]:
        """Stored mentions in these states, most urgent level first, newest first within a level.

        One index range per (status, muted, level), each read newest first and stopped at ``limit``,
        then merged: the cost follows ``limit``, not the size of the store.
        """
        self.wake_snoozed(now)
        ranks = sorted({_LEVEL_RANK.get(level, 2) for level in levels}) if levels else sorted(_LEVEL_RANK.values())
        source_filter = ""
        source_params: list[Any] = []
        if sources:
            source_filter = f" AND source IN ({','.join('?' * len(sources))})"
            source_params = list(sources)
        sql = (
            f"SELECT {_COLUMNS}, level_rank, created_at FROM mentions "
            f"WHERE status = ? AND muted = ? AND level_rank = ?{source_filter} ORDER BY created_at DESC"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows: list[Sequence[Any]] = []
        for status in dict.fromkeys(statuses):
            for muted in (0, 1) if include_muted else (0,):
                for rank in ranks:
                    rows.extend(self._db.execute(sql, (status, muted, rank, *source_params)))
        rows.sort(key=lambda r: (r[8], -r[9], r[0]))
        if limit is not None:
            rows = rows[:limit]
        return [self._stored(row) for row in rows]

    @_guarded
    def count(self, status: str, *, include_muted: bool = False) -> int:
        """How many stored mentions are in ``status`` (an index-only count)."""
        sql = "SELECT count(*) FROM mentions WHERE status = ?" + ("" if include_muted else " AND muted = 0")
        return int(self._db.execute(sql, (status,)).fetchone()[0])

    @_guarded
    def counts(self, now: datetime | None = None) -> dict[str, int]:
        """How many stored mentions are in each state, plus ``muted`` and ``total``."""
        self.wake_snoozed(now)
        counts = dict.fromkeys(("new", "seen", "done", "ignored", "snoozed", "muted"), 0)
        for status, muted, n in self._db.execute("SELECT status, muted, count(*) FROM mentions GROUP BY status, muted"):
            key = "muted" if muted else str(status)
            counts[key] = counts.get(key, 0) + int(n)
        counts["total"] = sum(counts[s] for s in ("new", "seen", "done", "ignored", "snoozed")) + counts["muted"]
        return counts

    # -- triage

    @_guarded
    def set_status(self, ids: Sequence[str], status: str, now: datetime | None = None) -> int:
        """Set ``done``, ``ignored``, ``seen`` or ``new`` on stored mentions (clearing any snooze)."""
        if status not in ("done", "ignored", "seen", "new"):
            raise ValueError(f"cannot set status {status!r} directly")
        ts = _ts(now or utcnow())
        changed = 0
        with self._transaction() as db:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                cursor = db.execute(
                    f"UPDATE mentions SET status = ?, snoozed_until = NULL, status_changed_at = ? WHERE id IN ({marks})",
                    (status, ts, *chunk),
                )
                changed += cursor.rowcount
        return changed

    @_guarded
    def snooze(self, ids: Sequence[str], until: datetime, now: datetime | None = None) -> int:
        """Hide mentions until ``until``; then they come back as new (and go in the next digest)."""
        ts = _ts(now or utcnow())
        changed = 0
        with self._transaction() as db:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                cursor = db.execute(
                    f"UPDATE mentions SET status = 'snoozed', snoozed_until = ?, status_changed_at = ? WHERE id IN ({marks})",
                    (_ts(until), ts, *chunk),
                )
                changed += cursor.rowcount
        return changed

    @_guarded
    def author_sources(self, author: str) -> list[str]:
        """The sources on which this author has stored mentions."""
        key = author_key(author, author)
        rows = self._db.execute("SELECT DISTINCT source FROM mentions WHERE author_key = ? ORDER BY source", (key,))
        return [str(r[0]) for r in rows]

    @_guarded
    def mute(self, author: str, source: str = ALL_SOURCES, now: datetime | None = None) -> int:
        """Hide every mention by ``author`` on ``source`` (``*``: every source), stored and future.

        Returns how many stored mentions it hid.
        """
        key = author_key(author, author)
        if not key:
            raise ValueError("empty author")
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO mutes (source, author, created_at) VALUES (?, ?, ?)", (source, key, _ts(now or utcnow()))
            )
            if source == ALL_SOURCES:
                cursor = db.execute("UPDATE mentions SET muted = 1 WHERE author_key = ? AND muted = 0", (key,))
            else:
                cursor = db.execute("UPDATE mentions SET muted = 1 WHERE author_key = ? AND source = ? AND muted = 0", (key, source))
            return cursor.rowcount

    @_guarded
    def unmute(self, author: str, source: str = ALL_SOURCES) -> int:
        """Remove a mute; returns how many stored mentions show again."""
        key = author_key(author, author)
        with self._transaction() as db:
            if source == ALL_SOURCES:
                db.execute("DELETE FROM mutes WHERE author = ?", (key,))
            else:
                db.execute("DELETE FROM mutes WHERE author = ? AND source = ?", (key, source))
            remaining = {str(r[0]) for r in db.execute("SELECT source FROM mutes WHERE author = ?", (key,))}
            if ALL_SOURCES in remaining:
                return 0
            sql = "UPDATE mentions SET muted = 0 WHERE author_key = ? AND muted = 1"
            params: list[Any] = [key]
            if remaining:
                sql += f" AND source NOT IN ({','.join('?' * len(remaining))})"
                params.extend(sorted(remaining))
            return db.execute(sql, params).rowcount

    @_guarded
    def mutes(self) -> list[Mute]:
        """Every mute, by author."""
        rows = self._db.execute("SELECT source, author, created_at FROM mutes ORDER BY author, source")
        return [Mute(str(s), str(a), _dt(t) or utcnow()) for s, a, t in rows]

    # -- digests

    @_guarded
    def pending_digest(self, now: datetime | None = None) -> list[StoredMention]:
        """Every open, unmuted mention not yet in a digest, most urgent level first, newest first."""
        self.wake_snoozed(now)
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM mentions INDEXED BY mentions_undigested "
            "WHERE digest_id IS NULL AND muted = 0 AND status IN ('new', 'seen') ORDER BY level_rank, created_at DESC"
        )
        return [self._stored(row) for row in rows]

    @_guarded
    def mark_digested(
        self,
        ids: Sequence[str],
        *,
        via: str,
        now: datetime | None = None,
        recipients: Sequence[str] = (),
        message_id: str | None = None,
    ) -> int:
        """Record a delivered digest and mark its mentions (only those not already in one); returns its id."""
        ts = _ts(now or utcnow())
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO digests (created_at, delivered_via, recipients, message_id) VALUES (?, ?, ?, ?)",
                (ts, via, ", ".join(recipients) or None, message_id),
            )
            digest_id = int(cursor.lastrowid or 0)
            marked = 0
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                marked += db.execute(
                    f"UPDATE mentions SET digest_id = ?, status = CASE status WHEN 'new' THEN 'seen' ELSE status END "
                    f"WHERE id IN ({marks}) AND +digest_id IS NULL",
                    (digest_id, *chunk),
                ).rowcount
            db.execute("UPDATE digests SET mention_count = ? WHERE id = ?", (marked, digest_id))
        return digest_id

    @_guarded
    def digests(self) -> list[tuple[int, datetime, str, int]]:
        """Every digest delivered: id, when, how (``mail``/``print``) and how many mentions."""
        rows = self._db.execute("SELECT id, created_at, delivered_via, mention_count FROM digests ORDER BY id")
        return [(int(i), _dt(t) or utcnow(), str(v), int(n)) for i, t, v, n in rows]

    # -- statistics

    @_guarded
    def daily_counts(self, start: datetime, end: datetime, *, utc_offset: timedelta = timedelta(0)) -> list[DailyCount]:
        """Unmuted mentions posted in ``[start, end)`` per local day (``utc_offset`` from UTC), sentiment and intent."""
        offset = int(utc_offset.total_seconds())
        # whole days since the epoch, in local time: integer arithmetic on the covering index, no date() per row
        rows = self._db.execute(
            "SELECT (created_at + ?) / 86400 AS day, sentiment, intent, count(*) "
            "FROM mentions WHERE created_at >= ? AND created_at < ? AND muted = 0 GROUP BY 1, 2, 3",
            (offset, _ts(start), _ts(end)),
        )
        epoch = date(1970, 1, 1)
        counts = [
            DailyCount((epoch + timedelta(days=int(d))).isoformat(), str(s or "neutral"), str(i or "mention"), int(n)) for d, s, i, n in rows
        ]
        return sorted(counts, key=lambda c: (c.day, c.sentiment, c.intent))


def _rank_fields(mention: Mention) -> tuple[int, int, str | None, str | None]:
    level = mention.priority.level if mention.priority else "fyi"
    score = mention.priority.score if mention.priority else 0
    sentiment = mention.sentiment.label if mention.sentiment else None
    return _LEVEL_RANK.get(level, 2), score, sentiment, mention.intent


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@contextmanager
def _null_lock() -> Iterator[None]:
    yield
