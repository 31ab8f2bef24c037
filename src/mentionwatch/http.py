"""The one place that builds the HTTP client: timeouts, User-Agent, size cap, polite retries."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import importlib.util
import json
import random
import ssl
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import httpx

from mentionwatch import __version__
from mentionwatch.text import has_surrogate_escape, valid_unicode

# httpcore tries ``import sniffio`` several times per request; when sniffio is not installed (it is no
# longer a dependency of httpx or anyio) every try walks sys.path again, which measurably slows a scan
# (24 concurrent requests: about 75 ms). A ``None`` entry makes those imports fail at once.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

USER_AGENT = f"mentionwatch/{__version__} (+https://github.com/mentionwatch/mentionwatch; small-business mention monitor)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class HttpError(Exception):
    """A request failed for good; ``str()`` is a one-line reason fit for stderr."""

    def __init__(self, reason: str, *, status: int | None = None):
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class HttpSettings:
    """Knobs for the shared client; tests shrink them."""

    timeout: float = 15.0
    connect_timeout: float = 10.0
    max_bytes: int = 10 * 1024 * 1024
    max_tries: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    #: seconds into the run after which no retry or hold may still wait (plain requests still go out)
    total_budget: float = 120.0
    per_host: int = 4
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class HttpResponse:
    """A fully read response body with what sources need from it."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        """The body decoded as text (UTF-8 unless the server says otherwise)."""
        charset = "utf-8"
        ctype = self.headers.get("content-type", "")
        if "charset=" in ctype:
            charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip('"') or "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; a wrong content type or malformed body is an :class:`HttpError`."""
        ctype = self.headers.get("content-type", "").lower()
        if ctype and "json" not in ctype and "javascript" not in ctype:
            kind = ctype.split(";")[0].strip()
            raise HttpError(f"expected JSON but got {kind} from {_host(self.url)}", status=self.status)
        try:
            data = json.loads(self.content)
            # a \\ud800-style escape decodes to a lone surrogate, which can be neither printed nor stored
            return valid_unicode(data) if has_surrogate_escape(self.content) else data
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise HttpError(f"malformed JSON from {_host(self.url)} ({type(exc).__name__})", status=self.status) from None


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def rate_limit_wait(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds until a used-up rate limit resets (``*-remaining`` at 0 with a ``*-reset``), else ``None``."""
    remaining = None
    for name in ("x-ratelimit-remaining", "x-rate-limit-remaining", "ratelimit-remaining"):
        if name in headers:
            remaining = headers[name]
            break
    if remaining is None:
        return None
    try:
        if float(remaining) > 0:
            return None
    except ValueError:
        return None
    for name in ("x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"):
        value = headers.get(name)
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            try:
                reset = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                continue
            if reset.tzinfo is None:
                reset = reset.replace(tzinfo=timezone.utc)
            return max(0.0, (reset - datetime.now(timezone.utc)).total_seconds())
        current = time.time() if now is None else now
        # epoch seconds (X, GitHub, Bluesky) vs seconds-from-now (Reddit, IETF draft)
        return max(0.0, number - current) if number > 1_000_000_000 else max(0.0, number)
    return None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta seconds or an HTTP date), else ``None``."""
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def retry_delay(headers: Mapping[str, str], attempt: int, settings: HttpSettings, now: float | None = None) -> float:
    """Seconds to wait before the next try: ``Retry-After`` or rate-limit reset if given, else backoff with jitter."""
    asked = retry_after(headers)
    if asked is not None:
        return asked
    reset = rate_limit_wait(headers, now)
    if reset is not None:
        return reset
    base = min(settings.backoff_cap, settings.backoff_base * 2.0 ** (attempt - 1))
    return base * (0.5 + random.random() / 2)


#: A hook a source passes to :meth:`HttpClient.request`: given an error response, return a one-line
#: reason to fail at once (e.g. a spent daily quota, which no retry can fix), or ``None``.
Classifier = Callable[[HttpResponse], "str | None"]


class HttpClient:
    """An async client shared by every source in a run, with per-host limits and polite retries.

    Requests to one host run at most ``per_host`` at a time (a source may lower that for its host with
    :meth:`limit_host`). A host that asked us to wait (Stack Exchange ``backoff``, a used-up rate limit)
    is held until then, within the run's total time budget.
    """

    def __init__(self, settings: HttpSettings | None = None, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings or HttpSettings()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._limits: dict[str, int] = {}
        self._held_until: dict[str, float] = {}
        self._started = time.monotonic()
        #: how the client waits between tries; tests swap in a recorder
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def __aenter__(self) -> HttpClient:
        s = self.settings
        self._client = httpx.AsyncClient(
            verify=True if self._transport is not None else _ssl_context(),
            timeout=httpx.Timeout(s.timeout, connect=s.connect_timeout),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=True,
            max_redirects=s.max_redirects,
            transport=self._transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        self._started = time.monotonic()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    @property
    def elapsed(self) -> float:
        """Seconds since the client opened (the time budget counts from there)."""
        return time.monotonic() - self._started

    def limit_host(self, url: str, limit: int) -> None:
        """Allow at most ``limit`` concurrent requests to ``url``'s host; only lowers ``per_host``, before its first request."""
        host = _host(url)
        limit = max(1, min(limit, self.settings.per_host))
        if host not in self._hosts:
            self._limits[host] = min(limit, self._limits.get(host, limit))

    def hold(self, url: str, seconds: float) -> None:
        """Send nothing more to ``url``'s host for ``seconds`` (e.g. Stack Exchange's ``backoff``)."""
        if seconds <= 0:
            return
        host = _host(url)
        until = time.monotonic() + seconds
        self._held_until[host] = max(self._held_until.get(host, 0.0), until)

    def _semaphore(self, url: str) -> asyncio.Semaphore:
        host = _host(url)
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._limits.get(host, self.settings.per_host))
        return self._hosts[host]

    async def _wait_for_host(self, url: str) -> None:
        host = _host(url)
        wait = self._held_until.get(host, 0.0) - time.monotonic()
        if wait <= 0:
            return
        if self.elapsed + wait > self.settings.total_budget:
            raise HttpError(f"{host} asked us to wait {wait:.0f}s, beyond the time budget of {self.settings.total_budget:g}s")
        await self.sleep(wait)

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, Any] | None = None,
        json_body: Any = None,
        auth: tuple[str, str] | None = None,
        ok_statuses: tuple[int, ...] = (),
        classify: Classifier | None = None,
    ) -> HttpResponse:
        """Send a request with retries; return the response or raise :class:`HttpError`.

        429, 5xx, timeouts, broken connections and 403s that carry a used-up rate limit are retried
        after ``Retry-After``, the rate-limit reset, or exponential backoff with jitter, while tries and
        the total time budget last. Statuses in ``ok_statuses`` are returned instead of raised.
        """
        assert self._client is not None, "use HttpClient as an async context manager"
        s = self.settings
        attempt = 0
        last_reason = ""
        while True:
            attempt += 1
            await self._wait_for_host(url)
            retry_wait: float | None = None
            try:
                async with self._semaphore(url):
                    response = await self._send(method, url, params=params, headers=headers, data=data, json_body=json_body, auth=auth)
            except HttpError:
                raise
            except httpx.TimeoutException:
                last_reason = f"timed out ({s.timeout:g}s)"
                retry_wait = retry_delay({}, attempt, s)
            except httpx.TooManyRedirects:
                raise HttpError(f"too many redirects (more than {s.max_redirects}) from {_host(url)}") from None
            except httpx.ConnectError as exc:
                text = str(exc)
                if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
                    raise HttpError(f"TLS failure talking to {_host(url)}") from None
                raise HttpError(f"cannot connect to {_host(url)} ({_short(text) or 'connection refused'})") from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                last_reason = f"connection broken by {_host(url)} ({_short(str(exc)) or type(exc).__name__})"
                retry_wait = retry_delay({}, attempt, s)
            except httpx.HTTPError as exc:
                raise HttpError(f"request to {_host(url)} failed ({type(exc).__name__})") from None
            else:
                self._note_rate_limit(response)
                if response.status < 400 or response.status in ok_statuses:
                    return response
                if classify is not None:
                    reason = classify(response)
                    if reason:
                        raise HttpError(_short(reason, 200), status=response.status)
                rate_limited_403 = response.status == 403 and (
                    rate_limit_wait(response.headers) is not None or retry_after(response.headers) is not None
                )
                if response.status in RETRY_STATUSES or rate_limited_403:
                    label = "rate-limited" if response.status in (429, 403) else "server error"
                    last_reason = f"{label} ({response.status})"
                    retry_wait = retry_delay(response.headers, attempt, s)
                else:
                    raise HttpError(_status_reason(response), status=response.status)
            if attempt >= s.max_tries or retry_wait is None:
                raise HttpError(f"{last_reason} after {attempt} {'try' if attempt == 1 else 'tries'}")
            if self.elapsed + retry_wait > s.total_budget:
                raise HttpError(
                    f"{last_reason} after {attempt} {'try' if attempt == 1 else 'tries'}; "
                    f"asked to wait {retry_wait:.0f}s, beyond the time budget"
                )
            await self.sleep(retry_wait)

    def _note_rate_limit(self, response: HttpResponse) -> None:
        """After a response that used up the host's rate limit, hold the host until it resets."""
        if response.status == 429 or response.status == 403:
            return  # the retry path waits for these itself
        wait = rate_limit_wait(response.headers)
        if wait:
            self.hold(response.url, wait)

    async def get(self, url: str, **kwargs: Any) -> HttpResponse:
        """GET with retries."""
        return await self.request("GET", url, **kwargs)

    async def get_json(self, url: str, **kwargs: Any) -> Any:
        """GET and decode JSON with retries."""
        return (await self.request("GET", url, **kwargs)).json()

    async def _send(self, method: str, url: str, **kwargs: Any) -> HttpResponse:
        assert self._client is not None
        request = self._client.build_request(
            method,
            url,
            params=kwargs.get("params"),
            headers=kwargs.get("headers"),
            data=kwargs.get("data"),
            json=kwargs.get("json_body"),
        )
        if kwargs.get("auth"):
            user, password = kwargs["auth"]
            request.headers["Authorization"] = httpx.BasicAuth(user, password)._auth_header
        response = await self._client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and (len(declared) > 18 or int(declared) > self.settings.max_bytes):
                too_big = f"{int(declared)} bytes" if len(declared) <= 18 else "a Content-Length of over 18 digits"
                raise HttpError(f"response from {_host(url)} too large ({too_big})", status=response.status_code)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise HttpError(f"response from {_host(url)} too large (over {self.settings.max_bytes} bytes)", status=response.status_code)
                chunks.append(chunk)
        except httpx.DecodingError:
            raise HttpError(f"response from {_host(url)} could not be decompressed", status=response.status_code) from None
        finally:
            await response.aclose()
        return HttpResponse(url=str(response.url), status=response.status_code, headers=response.headers, content=b"".join(chunks))


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """The certificate-verifying TLS context, built once per process (loading the CA bundle takes ~0.15 s)."""
    return httpx.create_ssl_context()


def _short(text: str, width: int = 80) -> str:
    return " ".join(text.split())[:width]


def _status_reason(response: HttpResponse) -> str:
    host = _host(response.url)
    if response.status in (401, 403):
        ctype = response.headers.get("content-type", "")
        if response.status == 403 and "html" in ctype:
            return f"blocked by {host} (403, HTML page: a CDN or firewall block)"
        return f"not authorised by {host} ({response.status}): check the credential"
    if response.status == 404:
        return f"not found at {host} (404): check base_url"
    return f"HTTP {response.status} from {host}"
