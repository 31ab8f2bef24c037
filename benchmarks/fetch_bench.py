"""Fetch concurrency benchmark: 6 sources x 4 keywords against a loopback server that answers after 300 ms.

Every source runs its real code path (query planning, HTTP client with per-host limits and retries,
parsing, normalising) with ``base_url`` pointed at a loopback server, one port per source so each is
its own host as in real life. The server waits 300 ms before every answer and serves the documented
response shapes from ``tests/sources/fixtures``.

Prints the scan's wall time as a ratio to the slowest single request (one source, one keyword, same
code path) and to the same requests fetched one after another. Target: under 2x the slowest request.

    python benchmarks/fetch_bench.py [--delay 0.3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mentionwatch.config import Keyword, SourceConfig  # noqa: E402
from mentionwatch.fetch import fetch_all  # noqa: E402
from mentionwatch.http import HttpClient  # noqa: E402
from mentionwatch.models import utcnow  # noqa: E402
from mentionwatch.query import parse_query  # noqa: E402
from mentionwatch.sources.base import FetchRequest, Source  # noqa: E402
from mentionwatch.sources.registry import load_source_class  # noqa: E402

FIXTURES = ROOT / "tests" / "sources" / "fixtures"
KEYWORDS = ['"Acme Widgets"', "acmewidgets", "#acme", '"Acme Bakery"']


def _single_page(name: str, cut: bytes = b"", put: bytes = b"") -> bytes:
    body = (FIXTURES / name).read_bytes()
    return body.replace(cut, put) if cut else body


#: source -> (config options, env, path prefix -> (content type, body))
SOURCES: dict[str, tuple[dict[str, Any], dict[str, str], dict[str, tuple[str, bytes]]]] = {
    "hackernews": ({}, {}, {"/api/v1/search_by_date": ("application/json", _single_page("hackernews_page1.json", b'"nbPages": 2', b'"nbPages": 1'))}),
    "stackexchange": ({}, {}, {"/2.3/search/excerpts": ("application/json", _single_page("stackexchange_page2.json"))}),
    "discourse": ({}, {}, {"/search.json": ("application/json", _single_page("discourse_page2.json"))}),
    "mastodon": ({}, {}, {"/api/v1/timelines/tag/": ("application/json", _single_page("mastodon_tag_timeline.json"))}),
    "rss": ({}, {}, {"/rss/search": ("application/rss+xml", _single_page("news.rss"))}),
    "x": (
        {"bearer_token_env": "BENCH_X"},
        {"BENCH_X": "bench-token"},
        {"/2/tweets/search/recent": ("application/json", _single_page("x_search.json", b'"next_token": "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"', b'"note": "last page"'))},
    ),
}


class DelayServer:
    """One asyncio HTTP/1.1 server per source on 127.0.0.1, answering after ``delay``.

    It runs in a child process so it never competes with the client for the GIL (a server thread in
    the same process would add several milliseconds of thread hand-off to every request).
    """

    def __init__(self, delay: float):
        self.delay = delay
        self.ports: dict[str, int] = {}
        self._counter = multiprocessing.Value("i", 0)
        parent, child = multiprocessing.Pipe()
        self._pipe = parent
        self._process = multiprocessing.Process(target=_serve, args=(delay, child, self._counter), daemon=True)

    @property
    def requests(self) -> int:
        """Requests answered so far."""
        return int(self._counter.value)

    def __enter__(self) -> DelayServer:
        self._process.start()
        self.ports = self._pipe.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(timeout=5)


def _serve(delay: float, pipe: Any, counter: Any) -> None:
    """The child process: start one server per source, report the ports, serve forever."""

    def handler(routes: dict[str, tuple[str, bytes]]) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Any]:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    path = head.split(b" ", 2)[1].decode().split("?", 1)[0]
                    with counter.get_lock():
                        counter.value += 1
                    await asyncio.sleep(delay)
                    match = next(((c, b) for prefix, (c, b) in routes.items() if path.startswith(prefix)), None)
                    status, (ctype, body) = (b"200 OK", match) if match else (b"404 Not Found", ("application/json", b"{}"))
                    writer.write(
                        b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                    )
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                writer.close()

        return handle

    async def main() -> None:
        ports = {}
        for name, (_, _, routes) in SOURCES.items():
            server = await asyncio.start_server(handler(routes), "127.0.0.1", 0)
            ports[name] = server.sockets[0].getsockname()[1]
        pipe.send(ports)
        await asyncio.Event().wait()

    asyncio.run(main())


def build(server: DelayServer) -> list[Source]:
    """The six sources, each pointed at its own loopback port."""
    sources = []
    for name, (options, env, _) in SOURCES.items():
        url = f"http://127.0.0.1:{server.ports[name]}"
        opts = dict(options)
        if name == "rss":
            opts["feeds"] = [f"{url}/rss/search?q={{query}}"]
        elif name == "mastodon":
            opts["instance"] = url
        elif name == "discourse":
            opts["url"] = url
        else:
            opts["base_url"] = url + ("/2" if name == "x" else "")
        source = load_source_class(name)(SourceConfig(name, options=opts), env)
        source.check()
        sources.append(source)
    return sources


def keywords() -> list[Keyword]:
    return [Keyword(q, parse_query(q)) for q in KEYWORDS]


async def one_after_another(sources: list[Source], kws: list[Keyword]) -> tuple[float, list[float]]:
    """The same requests, awaited one at a time on one client; also returns each one's own time."""
    since = utcnow().replace(year=2026, month=11, day=1)
    singles: list[float] = []
    start = time.perf_counter()
    async with HttpClient() as http:
        for source in sources:
            for keyword in kws:
                t0 = time.perf_counter()
                await source.fetch(http, FetchRequest(keyword=keyword, since=since))
                singles.append(time.perf_counter() - t0)
    return time.perf_counter() - start, singles


async def single_scan(source: Source, keyword: Keyword) -> float:
    """One source x one keyword through fetch_all: the slowest single request, same code path as the scan."""
    start = time.perf_counter()
    await fetch_all([source], [keyword], since=utcnow().replace(year=2026, month=11, day=1))
    return time.perf_counter() - start


async def full_scan(sources: list[Source], kws: list[Keyword]) -> tuple[float, int, int]:
    start = time.perf_counter()
    outcome = await fetch_all(sources, kws, since=utcnow().replace(year=2026, month=11, day=1))
    return time.perf_counter() - start, len(outcome.mentions), len(outcome.failures)


@dataclass(frozen=True)
class FetchResult:
    """Medians over the rounds, in seconds, and what the last scan fetched."""

    slowest: float
    scan: float
    sequential: float
    requests: int
    mentions: int
    failures: int


def measure(delay: float = 0.3, rounds: int = 3) -> FetchResult:
    """Time the concurrent scan, the slowest single request and the sequential fetch, ``rounds`` times each."""
    kws = keywords()
    with DelayServer(delay) as server:
        sources = build(server)
        asyncio.run(full_scan(sources, kws))  # warm up imports and parsers
        slowest_runs, scans, sequentials = [], [], []
        mentions = failures = requests = 0
        for _ in range(rounds):
            slowest_runs.append(max(asyncio.run(single_scan(s, k)) for s in build(server) for k in kws[:1]))
            before = server.requests
            wall, mentions, failures = asyncio.run(full_scan(build(server), kws))
            requests = server.requests - before
            scans.append(wall)
            sequentials.append(asyncio.run(one_after_another(build(server), kws))[0])
    return FetchResult(
        slowest=statistics.median(slowest_runs),
        scan=statistics.median(scans),
        sequential=statistics.median(sequentials),
        requests=requests,
        mentions=mentions,
        failures=failures,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.3, help="seconds the server waits before each answer")
    parser.add_argument("--rounds", type=int, default=3, help="repetitions (the median is reported)")
    args = parser.parse_args()
    r = measure(args.delay, args.rounds)
    slowest, scan, sequential = r.slowest, r.scan, r.sequential
    print(f"fetch benchmark: {len(SOURCES)} sources x {len(KEYWORDS)} keywords, server delay {args.delay * 1000:.0f} ms, median of {args.rounds}")
    print(f"  requests per scan             {r.requests}   mentions {r.mentions}   failures {r.failures}")
    print(f"  slowest single request        {slowest * 1000:7.0f} ms")
    print(f"  concurrent scan (fetch_all)   {scan * 1000:7.0f} ms   = {scan / slowest:4.2f}x the slowest request")
    print(f"  one after another             {sequential * 1000:7.0f} ms   scan = {scan / sequential:4.2f}x of it ({sequential / scan:.1f}x faster)")
    verdict = "PASS" if scan / slowest < 2.0 and r.failures == 0 else "FAIL"
    print(f"  target: scan under 2x the slowest request: {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
