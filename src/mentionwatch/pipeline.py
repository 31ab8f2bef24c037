"""The scan flow: fetch -> match -> dedupe -> score -> rank. Returns data; never prints or exits."""

from __future__ import annotations

import heapq
import itertools
import pickle
import re
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, BinaryIO, overload

from mentionwatch.config import Config, Keyword
from mentionwatch.fetch import FetchOutcome, Progress, SourceFailure
from mentionwatch.models import LEVELS, Match, Mention, utcnow
from mentionwatch.query import fold
from mentionwatch.sources.jsonl import BadLine

if TYPE_CHECKING:
    from mentionwatch.store import Store

_SINCE = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.I)


class ScanError(Exception):
    """The scan cannot run as asked (bad option values); the CLI exits 2."""


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """Parse ``24h``, ``30m``, ``7d``, ``2w``, a date ``2026-11-01`` or an ISO time into a UTC datetime."""
    now = now or utcnow()
    match = _SINCE.match(value)
    if match:
        amount = int(match.group(1))
        unit = match.group(2).lower()
        delta = {"m": timedelta(minutes=amount), "min": timedelta(minutes=amount), "h": timedelta(hours=amount), "d": timedelta(days=amount), "w": timedelta(weeks=amount)}[unit]
        return now - delta
    from mentionwatch.models import MentionError, parse_time

    try:
        parsed = parse_time(value)
    except MentionError:
        parsed = None
    if parsed is None:
        raise ScanError(f"--since: cannot read {value!r}; use e.g. 24h, 7d, 2w or 2026-11-01")
    if parsed > now:
        raise ScanError(f"--since: {value!r} is in the future")
    return parsed


def parse_duration(value: str) -> timedelta:
    """Parse ``30m``, ``4h``, ``2d`` or ``1w`` into a positive duration."""
    match = _SINCE.match(value)
    if not match or int(match.group(1)) <= 0:
        raise ScanError(f"cannot read the duration {value!r}; use e.g. 30m, 4h, 2d or 1w")
    amount = int(match.group(1))
    unit = match.group(2).lower()
    hours = {"m": amount / 60, "min": amount / 60, "h": amount, "d": amount * 24, "w": amount * 24 * 7}[unit]
    try:
        return timedelta(hours=hours)
    except OverflowError:
        raise ScanError(f"the duration {value!r} is too long") from None


def parse_min_priority(value: str) -> int:
    """``respond_now`` -> 70, ``worth_a_look`` -> 40, ``fyi`` -> 0, or a number 0-100."""
    thresholds = {"respond_now": 70, "respond-now": 70, "worth_a_look": 40, "worth-a-look": 40, "fyi": 0}
    key = value.strip().lower()
    if key in thresholds:
        return thresholds[key]
    if key.isdigit() and 0 <= int(key) <= 100:
        return int(key)
    raise ScanError(f"--min-priority: expected one of {', '.join(LEVELS)} or a number 0-100, got {value!r}")


def normalise_handle(handle: str | None) -> str:
    """``@Joe@mastodon.social`` -> ``joe``; ``@JoesBakery`` -> ``joesbakery``."""
    if not handle:
        return ""
    h = handle.strip().lstrip("@").casefold()
    return h.split("@", 1)[0]


def is_own(mention: Mention, own_handles: Sequence[str]) -> bool:
    """Whether the business itself wrote ``mention``."""
    if not own_handles:
        return False
    own = {normalise_handle(h) for h in own_handles}
    return normalise_handle(mention.author.handle) in own


def match_keywords(mention: Mention, keywords: Sequence[Keyword]) -> Mention | None:
    """Return ``mention`` with ``keywords`` and ``matched`` set, or ``None`` if no keyword matches."""
    folded = fold(mention.text)
    hits: list[str] = []
    matched: list[Match] = []
    for keyword in keywords:
        spans = keyword.parsed.find(mention.text, folded)
        if spans is None:
            # a match in the title alone still counts; spans are only recorded in the text
            if not mention.title or keyword.parsed.find(mention.full_text) is None:
                continue
            spans = []
        hits.append(keyword.query)
        matched.extend(Match(keyword.query, span) for span in spans)
    if not hits:
        return None
    merged = tuple(dict.fromkeys([*mention.keywords, *hits]))
    return mention.evolve(keywords=merged, matched=tuple(matched))


def annotate_keywords(mention: Mention, keywords: Sequence[Keyword]) -> Mention:
    """Record which keywords match ``mention`` without dropping it (for mentions the user supplied)."""
    return match_keywords(mention, keywords) or mention


def rank_key(mention: Mention) -> tuple[int, float, str]:
    """Sort key: highest priority first, then newest, then id for stability."""
    score = mention.priority.score if mention.priority else 0
    created = mention.created_at.timestamp() if mention.created_at else 0.0
    return (-score, -created, mention.id)


@dataclass(frozen=True)
class ScanOptions:
    """What the user asked the scan for."""

    since: datetime | None = None
    sources: tuple[str, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    min_priority: int = 0
    limit: int | None = None
    new_only: bool = False


@dataclass
class ScanStats:
    """Counts for the summary line on stderr."""

    fetched: int = 0
    own_skipped: int = 0
    unmatched: int = 0
    duplicates: int = 0
    too_old: int = 0
    filtered: int = 0
    seen_before: int = 0
    #: stored mentions hidden because they are done, ignored or snoozed
    triaged: int = 0
    #: stored mentions hidden because their author is muted
    muted: int = 0
    #: mentions stored for the first time by this scan
    stored_new: int = 0


@dataclass(frozen=True)
class ScanResult:
    """Ranked mentions plus what went wrong along the way."""

    mentions: Sequence[Mention]
    failures: list[SourceFailure] = field(default_factory=list)
    bad_lines: list[BadLine] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    health: dict[str, str] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        """Whether some source failed (exit code 3)."""
        return any(not f.skipped for f in self.failures)


def process(
    items: Iterable[Mention],
    config: Config,
    options: ScanOptions,
    stats: ScanStats,
    *,
    keep_unmatched: bool = False,
    now: datetime | None = None,
    analyse: Callable[[Mention], Mention] | None = None,
) -> Iterator[Mention]:
    """Match, filter, dedupe and score mentions as they stream past."""
    from mentionwatch.analysis import Analyser

    analyser = analyse or Analyser(config, now=now).analyse
    keywords = options.keywords or config.keywords
    seen_ids: set[str] = set()
    seen_urls: set[str] = set()
    for mention in items:
        stats.fetched += 1
        if is_own(mention, config.business.own_handles):
            stats.own_skipped += 1
            continue
        if options.since is not None and mention.created_at is not None and mention.created_at < options.since:
            stats.too_old += 1
            continue
        if options.sources and mention.source not in options.sources:
            stats.filtered += 1
            continue
        if keep_unmatched and not options.keywords:
            matched: Mention | None = annotate_keywords(mention, keywords)
        else:
            matched = match_keywords(mention, keywords) if keywords else mention
        if matched is None:
            stats.unmatched += 1
            continue
        if matched.id in seen_ids or (matched.url and matched.url in seen_urls):
            stats.duplicates += 1
            continue
        seen_ids.add(matched.id)
        if matched.url:
            seen_urls.add(matched.url)
        yield analyser(matched)


#: How many scored mentions ranking keeps in memory before it spools them to a temporary file.
SPILL_AFTER = 2000


class SpooledMentions(Sequence[Mention]):
    """Mentions in rank order, kept pickled in a temporary file; only their offsets stay in memory.

    Memory stays flat however many mentions a scan ranks (about 16 bytes each once ranked);
    reading one back costs an unpickle. The file goes away when this object does.
    """

    def __init__(self, mentions: Iterable[Mention], limit: int | None = None):
        # lives as long as this object (or until close()), so no context manager
        self._file: BinaryIO = tempfile.TemporaryFile(prefix="mentionwatch-rank-")  # noqa: SIM115
        # the sort key of each mention, column by column: 2 + 8 bytes and a shared id string
        scores = array("h")
        created = array("d")
        ids: list[str] = []
        starts = array("q")
        sizes = array("q")
        write, dumps = self._file.write, pickle.dumps
        position = 0
        for mention in mentions:
            blob = dumps(mention, pickle.HIGHEST_PROTOCOL)
            write(blob)
            score, newest, mention_id = rank_key(mention)
            scores.append(score)
            created.append(newest)
            ids.append(mention_id)
            starts.append(position)
            sizes.append(len(blob))
            position += len(blob)
        self._file.flush()
        # rank_key order by stable sorts from the last key to the first, so that no key tuples are built
        order = sorted(range(len(ids)), key=ids.__getitem__)
        del ids
        order.sort(key=created.__getitem__)
        order.sort(key=scores.__getitem__)
        if limit is not None:
            del order[limit:]
        self._starts = array("q", (starts[i] for i in order))
        self._sizes = array("q", (sizes[i] for i in order))

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> list[Mention]: ...

    def __getitem__(self, index: int | slice) -> Mention | list[Mention]:
        if isinstance(index, slice):
            return [self._read(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("mention index out of range")
        return self._read(index)

    def __iter__(self) -> Iterator[Mention]:
        for i in range(len(self)):
            yield self._read(i)

    def _read(self, i: int) -> Mention:
        self._file.seek(self._starts[i])
        mention: Mention = pickle.loads(self._file.read(self._sizes[i]))
        return mention

    def close(self) -> None:
        """Delete the temporary file now rather than when garbage-collected."""
        self._file.close()


def rank(mentions: Iterable[Mention], limit: int | None = None, *, spill_after: int | None = None) -> Sequence[Mention]:
    """Mentions most urgent first (:func:`rank_key`), at most ``limit``, in memory that does not grow with the input.

    With a small ``limit`` only the best ``limit`` are ever kept (a heap). Otherwise up to
    ``spill_after`` (default :data:`SPILL_AFTER`) mentions are sorted in memory; beyond that they
    spill to a :class:`SpooledMentions` file and only their sort keys are held while ranking.
    """
    if spill_after is None:
        spill_after = SPILL_AFTER
    if limit is not None and limit <= spill_after:
        return heapq.nsmallest(limit, mentions, key=rank_key)
    items = iter(mentions)
    buffer = list(itertools.islice(items, spill_after + 1))
    if len(buffer) <= spill_after:
        buffer.sort(key=rank_key)
        return buffer[:limit] if limit is not None else buffer
    return SpooledMentions(_drain(buffer, items), limit)


def _drain(buffer: list[Mention], rest: Iterator[Mention]) -> Iterator[Mention]:
    """Yield ``buffer`` (emptying it as it goes, so memory is released) and then ``rest``."""
    buffer.reverse()
    while buffer:
        yield buffer.pop()
    yield from rest


def at_least(mentions: Iterable[Mention], options: ScanOptions, stats: ScanStats | None = None) -> Iterator[Mention]:
    """Drop mentions below ``--min-priority`` as they stream past."""
    for mention in mentions:
        if mention.priority is not None and mention.priority.score < options.min_priority:
            if stats is not None:
                stats.filtered += 1
            continue
        yield mention


def finish(mentions: Iterable[Mention], options: ScanOptions, stats: ScanStats | None = None) -> Sequence[Mention]:
    """Drop mentions below ``--min-priority``, rank the rest most urgent first and apply ``--limit``."""
    return rank(at_least(mentions, options, stats), options.limit)


#: How many scored mentions a scan stores per transaction.
RECORD_BATCH = 500


def remember(
    mentions: Iterable[Mention],
    store: Store,
    options: ScanOptions,
    stats: ScanStats,
    *,
    now: datetime | None = None,
) -> Iterator[Mention]:
    """Store every scored mention, then yield what the user should see, as they stream past.

    Mentions are stored in batches of :data:`RECORD_BATCH`, one transaction each, so memory does
    not grow with the input. Kept: mentions that are not done, ignored, snoozed or by a muted
    author; with ``new_only``, only those never reported before. Each kept mention is the stored
    one, carrying its status.
    """
    seen: set[str] = set()
    items = iter(mentions)
    while batch := list(itertools.islice(items, RECORD_BATCH)):
        for item in store.record_scan(batch, now=now):
            mention = item.mention
            if item.inserted:
                stats.stored_new += 1
            if mention.id in seen:
                stats.duplicates += 1
                continue
            seen.add(mention.id)
            if item.muted:
                stats.muted += 1
            elif mention.status in ("done", "ignored", "snoozed"):
                stats.triaged += 1
            elif options.new_only and mention.status != "new":
                stats.seen_before += 1
            else:
                yield mention


def scan_mentions(
    mentions: Iterable[Mention],
    config: Config,
    options: ScanOptions,
    *,
    keep_unmatched: bool = False,
    bad_lines: list[BadLine] | None = None,
    now: datetime | None = None,
    store: Store | None = None,
) -> ScanResult:
    """Run the scan flow over mentions already in hand (demo data or JSON lines); remember them in ``store``."""
    stats = ScanStats()
    scored: Iterable[Mention] = process(mentions, config, options, stats, keep_unmatched=keep_unmatched, now=now)
    if store is not None:
        scored = remember(scored, store, options, stats, now=now)
    ranked = finish(scored, options, stats)
    return ScanResult(mentions=ranked, bad_lines=bad_lines or [], stats=stats)


def scan_sources(
    config: Config,
    options: ScanOptions,
    *,
    fetched: FetchOutcome,
    extra_failures: Sequence[SourceFailure] = (),
    now: datetime | None = None,
    store: Store | None = None,
) -> ScanResult:
    """Run the scan flow over what the configured sources fetched; remember them in ``store``.

    Save the fetch's cursors only after this returns: a scan that fails to store its mentions
    then fetches them again next time instead of losing them.
    """
    stats = ScanStats()
    scored: Iterable[Mention] = process(fetched.mentions, config, options, stats, now=now)
    if store is not None:
        scored = remember(scored, store, options, stats, now=now)
    ranked = finish(scored, options, stats)
    return ScanResult(
        mentions=ranked,
        failures=[*extra_failures, *fetched.failures],
        stats=stats,
        health=fetched.health,
    )


def fetch_configured(
    config: Config,
    options: ScanOptions,
    *,
    cursors: dict[tuple[str, str], str] | None = None,
    progress: Progress | None = None,
    transport: object | None = None,
    now: datetime | None = None,
) -> tuple[FetchOutcome, list[SourceFailure]]:
    """Build the configured sources and fetch them all concurrently."""
    import asyncio

    from mentionwatch.fetch import build_sources, fetch_all

    configs = [s for s in config.enabled_sources if not options.sources or s.name in options.sources]
    sources, skipped = build_sources(configs)
    keywords = options.keywords or config.keywords
    outcome = asyncio.run(
        fetch_all(sources, keywords, since=options.since, cursors=cursors, progress=progress, transport=transport, now=now)
    )
    for failure in skipped:
        outcome.health[failure.source] = f"skipped: {failure.reason}"
    return outcome, skipped
