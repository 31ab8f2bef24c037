"""The Source interface every back-end implements, and the errors that fail one source alone."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from mentionwatch.config import Keyword, SourceConfig
from mentionwatch.models import Mention

if TYPE_CHECKING:
    from mentionwatch.http import HttpClient


class SourceError(Exception):
    """A source failed for this run; ``str()`` is a one-line reason (no secrets, no newlines)."""


class MissingCredential(SourceError):
    """A source needs a credential that is not in the environment; it is skipped."""


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch: one keyword, mentions newer than ``since``, at most ``limit`` of them."""

    keyword: Keyword
    since: datetime
    limit: int = 200
    cursor: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """The mentions one request found and the cursor to resume from next time."""

    mentions: list[Mention]
    cursor: str | None = None
    #: one-line remarks worth telling the user (e.g. "3 of 7 queries sent; the rest were cut")
    notes: tuple[str, ...] = field(default=())
    #: one-line reasons for the parts that failed (one feed of several, one site of several); the
    #: mentions from the parts that worked are kept, but the run counts as partial (exit code 3)
    errors: tuple[str, ...] = field(default=())


class Source(ABC):
    """A place mentions come from. Subclasses set ``name`` and implement :meth:`fetch`."""

    name: ClassVar[str]
    #: Whether :meth:`fetch` talks to the network (``demo`` and ``jsonl`` do not).
    network: ClassVar[bool] = True

    def __init__(self, config: SourceConfig, env: Mapping[str, str] | None = None):
        self.config = config
        self.options: Mapping[str, Any] = config.options
        self.env: Mapping[str, str] = os.environ if env is None else env
        #: every secret value this source read, so error messages can be scrubbed of them
        self.secret_values: set[str] = set()

    def base_url(self, default: str | None) -> str:
        """The API root: the configured ``base_url`` else ``default``, without a trailing slash."""
        url = self.options.get("base_url") or default
        if not url:
            raise SourceError("needs base_url (the API root) in its config")
        return str(url).rstrip("/")

    def secret(self, key: str, *, required: bool = True) -> str | None:
        """Read the secret named by option ``key`` (an ``*_env`` key) from the environment."""
        var = self.options.get(key)
        if not var:
            if required:
                raise MissingCredential(f"no credential configured: set {key} in [sources.{self.name}]")
            return None
        value = self.env.get(str(var))
        if not value:
            if required:
                raise MissingCredential(f"credential missing: environment variable {var} is not set")
            return None
        self.secret_values.add(value)
        return value

    def redact(self, text: str) -> str:
        """``text`` with every secret this source read replaced by ``***``."""
        for value in sorted(self.secret_values, key=len, reverse=True):
            if len(value) >= 4:
                text = text.replace(value, "***")
        return text

    def check(self) -> None:  # noqa: B027 - optional hook; most keyless sources need no check
        """Raise :class:`MissingCredential` if the source cannot run as configured."""

    @abstractmethod
    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Fetch mentions for one keyword; raise :class:`SourceError` (or ``HttpError``) on failure."""
