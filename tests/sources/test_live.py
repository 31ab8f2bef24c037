"""Live checks against the real services: skipped by default; run with ``pytest -m online``.

Keyless sources use busy queries that always have fresh results. Sources that need a credential run
only when its environment variable is set (``MW_LIVE_*``, listed on each test) and are skipped otherwise.
"""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from typing import Any

import pytest

from mentionwatch.config import SourceConfig
from mentionwatch.http import HttpClient
from mentionwatch.models import utcnow
from mentionwatch.sources.base import FetchRequest, FetchResult
from mentionwatch.sources.registry import load_source_class
from tests.sources.source_fakes import keyword

pytestmark = pytest.mark.online


def live(name: str, query: str, *, days: int = 7, env: dict[str, str] | None = None, **options: Any) -> FetchResult:
    """Fetch ``query`` from the real source ``name`` and check what every mention must satisfy."""
    source = load_source_class(name)(SourceConfig(name, options=options), env if env is not None else dict(os.environ))
    source.check()
    since = utcnow() - timedelta(days=days)

    async def go() -> FetchResult:
        async with HttpClient() as http:
            return await source.fetch(http, FetchRequest(keyword=keyword(query), since=since, limit=20))

    result = asyncio.run(go())
    for mention in result.mentions:
        assert mention.id.startswith(f"{name}:") and mention.source == name
        assert mention.text and "<p>" not in mention.text
        assert mention.url is None or mention.url.startswith(("https://", "http://"))
        assert mention.created_at is None or mention.created_at >= since - timedelta(days=1)
        assert not mention.keywords and not mention.matched
    return result


def need(*names: str) -> dict[str, str]:
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        pytest.skip(f"set {', '.join(missing)} to run this live test")
    return dict(os.environ)


def test_live_hackernews() -> None:
    assert live("hackernews", "python").mentions


def test_live_stackexchange() -> None:
    assert live("stackexchange", "python", sites=("stackoverflow",)).mentions


def test_live_github() -> None:
    assert live("github", "bug", types=("issue",), comments=False, days=1).mentions


def test_live_discourse() -> None:
    assert live("discourse", "plugin", url="https://meta.discourse.org", days=30).mentions


def test_live_mastodon_hashtag() -> None:
    assert live("mastodon", "#python", instance="https://mastodon.social").mentions


def test_live_google_news_search_feed() -> None:
    assert live("rss", "python", feeds=["https://news.google.com/rss/search?q={query}&hl=en-US&gl=US&ceid=US:en"]).mentions


def test_live_lobsters_domain_feed() -> None:
    live("rss", "github", days=30, feeds=["https://lobste.rs/domains/github.com.rss"])


def test_live_bluesky() -> None:
    """MW_LIVE_BSKY_HANDLE and MW_LIVE_BSKY_APP_PASSWORD."""
    env = need("MW_LIVE_BSKY_HANDLE", "MW_LIVE_BSKY_APP_PASSWORD")
    assert live("bluesky", "python", env=env, handle=env["MW_LIVE_BSKY_HANDLE"], app_password_env="MW_LIVE_BSKY_APP_PASSWORD").mentions


def test_live_reddit() -> None:
    """MW_LIVE_REDDIT_ID and MW_LIVE_REDDIT_SECRET (an approved app)."""
    env = need("MW_LIVE_REDDIT_ID", "MW_LIVE_REDDIT_SECRET")
    assert live("reddit", "python", env=env, client_id_env="MW_LIVE_REDDIT_ID", client_secret_env="MW_LIVE_REDDIT_SECRET").mentions


def test_live_youtube() -> None:
    """MW_LIVE_YOUTUBE_KEY (costs about 102 quota units)."""
    env = need("MW_LIVE_YOUTUBE_KEY")
    assert live("youtube", "python tutorial", env=env, api_key_env="MW_LIVE_YOUTUBE_KEY").mentions


def test_live_x() -> None:
    """MW_LIVE_X_BEARER (reads are billed; at most 10 posts)."""
    env = need("MW_LIVE_X_BEARER")
    live("x", "python", env=env, bearer_token_env="MW_LIVE_X_BEARER", max_posts=10)
