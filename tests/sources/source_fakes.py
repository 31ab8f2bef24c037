"""Test helpers for sources: documented-shape fixtures served through an httpx MockTransport router."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx

from mentionwatch.config import Keyword, SourceConfig
from mentionwatch.http import HttpClient, HttpSettings
from mentionwatch.query import parse_query
from mentionwatch.sources.base import FetchRequest, FetchResult, Source
from mentionwatch.sources.registry import load_source_class

FIXTURES = Path(__file__).parent / "fixtures"
#: Tiny backoff and short timeouts so retry paths run in milliseconds.
FAST = HttpSettings(timeout=2.0, connect_timeout=2.0, backoff_base=0.001, backoff_cap=0.01, total_budget=30.0, max_tries=3)
SINCE = datetime(2026, 11, 15, tzinfo=timezone.utc)

T = TypeVar("T")
Reply = Callable[[httpx.Request], httpx.Response]


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion."""
    return asyncio.run(coro)


def fixture(name: str) -> bytes:
    """The bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    """A JSON fixture, parsed."""
    return json.loads(fixture(name))


def ok(name_or_data: Any, status: int = 200, headers: Mapping[str, str] | None = None, content_type: str | None = None) -> Reply:
    """A reply serving a fixture file (by name) or a JSON-able value."""

    def reply(request: httpx.Request) -> httpx.Response:
        if isinstance(name_or_data, str) and (FIXTURES / name_or_data).exists():
            body = fixture(name_or_data)
            ctype = content_type or ("application/json; charset=utf-8" if name_or_data.endswith(".json") else "application/xml")
        else:
            body = json.dumps(name_or_data).encode()
            ctype = content_type or "application/json"
        return httpx.Response(status, content=body, headers={"content-type": ctype, **(headers or {})})

    return reply


def status(code: int, body: bytes = b"", headers: Mapping[str, str] | None = None, content_type: str = "application/json") -> Reply:
    """A reply with a bare status (and optional body)."""

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, content=body, headers={"content-type": content_type, **(headers or {})})

    return reply


def raw(body: bytes, content_type: str) -> Reply:
    """A 200 reply with an arbitrary body and content type (malformed data, wrong types)."""
    return status(200, body, content_type=content_type)


def timeout() -> Reply:
    """A reply that never comes: the transport raises a read timeout."""

    def reply(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    return reply


@dataclass
class Route:
    """Replies for one method + path; consumed in order, the last one repeats."""

    method: str
    path: re.Pattern[str]
    host: str | None
    replies: list[Reply]
    hits: int = 0


@dataclass
class Router:
    """A MockTransport handler: the first route matching method, host and path answers."""

    routes: list[Route] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def add(self, path: str, *replies: Reply, method: str = "GET", host: str | None = None) -> Router:
        """Answer ``method path`` (a regex matched in full) with ``replies`` in turn."""
        self.routes.append(Route(method, re.compile(path), host, list(replies)))
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for route in self.routes:
            if route.method != request.method or not route.path.fullmatch(request.url.path):
                continue
            if route.host is not None and route.host != request.url.host:
                continue
            reply = route.replies[min(route.hits, len(route.replies) - 1)]
            route.hits += 1
            return reply(request)
        return httpx.Response(404, json={"error": f"no route for {request.method} {request.url.path}"})

    def transport(self) -> httpx.MockTransport:
        """This router as an httpx transport."""
        return httpx.MockTransport(self)

    def to(self, path: str) -> list[httpx.Request]:
        """The requests whose path is ``path``."""
        return [r for r in self.requests if r.url.path == path]


def keyword(query: str) -> Keyword:
    """A parsed keyword."""
    return Keyword(query=query, parsed=parse_query(query))


def make(name: str, env: Mapping[str, str] | None = None, **options: Any) -> Source:
    """Instantiate source ``name`` with ``options`` (as config.py would pass them) and ``env``."""
    return load_source_class(name)(SourceConfig(name=name, options=options), dict(env or {}))


async def fetch(
    source: Source,
    router: Router,
    query: str = "Acme Widgets",
    *,
    since: datetime = SINCE,
    limit: int = 200,
    cursor: str | None = None,
    settings: HttpSettings = FAST,
    waits: list[float] | None = None,
) -> FetchResult:
    """Run one ``source.fetch`` against ``router``; the client's waits are recorded in ``waits``, not slept."""
    recorded = waits if waits is not None else []

    async def sleep(seconds: float) -> None:
        recorded.append(seconds)
        await asyncio.sleep(0)

    async with HttpClient(settings, transport=router.transport()) as http:
        http.sleep = sleep
        return await source.fetch(http, FetchRequest(keyword=keyword(query), since=since, limit=limit, cursor=cursor))


@dataclass(frozen=True)
class Case:
    """How to run one source against fakes: options, env, its main endpoint with a good reply, and the rest."""

    name: str
    options: dict[str, Any]
    env: dict[str, str]
    primary: str
    primary_ok: Reply
    others: Callable[[Router], None] = lambda router: None
    method: str = "GET"

    def source(self) -> Source:
        """A configured instance of the source."""
        return make(self.name, self.env, **self.options)

    def router(self, *primary: Reply) -> Router:
        """A router answering the main endpoint with ``primary`` (default: the good reply) and the rest normally."""
        router = Router().add(self.primary, *(primary or (self.primary_ok,)), method=self.method)
        self.others(router)
        return router


def _gh(r: Router) -> None:
    r.add(r"/repos/.*/comments", ok("github_comments.json"))


def _bsky(r: Router) -> None:
    r.add("/xrpc/com.atproto.server.createSession", ok("bluesky_session.json"), method="POST")
    r.add("/xrpc/app.bsky.actor.getProfiles", ok("bluesky_profiles.json"))


def _reddit(r: Router) -> None:
    r.add("/api/v1/access_token", ok("reddit_token.json"), method="POST")


def _youtube(r: Router) -> None:
    r.add("/youtube/v3/videos", ok("youtube_videos.json"))
    r.add("/youtube/v3/channels", ok("youtube_channels.json"))


def _last_page(name: str, drop: str) -> Any:
    data = fixture_json(name)
    if drop in data:
        del data[drop]
    if isinstance(data.get("meta"), dict):
        data["meta"].pop(drop, None)
    return data


CASES: dict[str, Case] = {
    "hackernews": Case("hackernews", {"base_url": "https://hn.test"}, {}, "/api/v1/search_by_date", ok("hackernews_page1.json")),
    "stackexchange": Case("stackexchange", {"base_url": "https://se.test"}, {}, "/2.3/search/excerpts", ok("stackexchange_page2.json")),
    "github": Case("github", {"base_url": "https://gh.test"}, {}, "/search/issues", ok("github_search.json"), _gh),
    "discourse": Case("discourse", {"url": "https://forum.test"}, {}, "/search.json", ok("discourse_page2.json")),
    "mastodon": Case(
        "mastodon",
        {"instance": "https://mastodon.test", "hashtags": ("acmewidgets",)},
        {},
        "/api/v1/timelines/tag/acmewidgets",
        ok("mastodon_tag_timeline.json"),
    ),
    "rss": Case("rss", {"feeds": ["https://feeds.test/alerts.xml"]}, {}, "/alerts.xml", ok("google_alerts.xml", content_type="application/atom+xml")),
    "bluesky": Case(
        "bluesky",
        {"base_url": "https://pds.test", "handle": "me.bsky.social", "app_password_env": "BSKY_PW"},
        {"BSKY_PW": "app-pass-word"},
        "/xrpc/app.bsky.feed.searchPosts",
        ok(_last_page("bluesky_search.json", "cursor")),
        _bsky,
    ),
    "reddit": Case(
        "reddit",
        {"base_url": "https://oauth.reddit.test", "auth_url": "https://www.reddit.test", "client_id_env": "R_ID", "client_secret_env": "R_SECRET"},
        {"R_ID": "client-id", "R_SECRET": "client-secret"},
        "/search",
        ok("reddit_search_page2.json"),
        _reddit,
    ),
    "youtube": Case(
        "youtube",
        {"base_url": "https://yt.test/youtube/v3", "api_key_env": "YT_KEY"},
        {"YT_KEY": "AIzaSECRETKEY123"},
        "/youtube/v3/search",
        ok("youtube_search.json"),
        _youtube,
    ),
    "x": Case(
        "x",
        {"base_url": "https://x.test/2", "bearer_token_env": "X_TOKEN"},
        {"X_TOKEN": "bearer-secret-xyz"},
        "/2/tweets/search/recent",
        ok(_last_page("x_search.json", "next_token")),
    ),
}


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 answering paths with fixed (status, body, headers) replies."""

    def __init__(self, routes: Mapping[str, tuple[int, bytes, dict[str, str]]]):
        self.routes = dict(routes)
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                code, body, headers = server.routes.get(path, (404, b'{"error": "no route"}', {}))
                self.send_response(code)
                headers = {"Content-Type": "application/json", **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
