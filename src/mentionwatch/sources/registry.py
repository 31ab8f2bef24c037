"""Every source's name, config keys and implementing module; light enough to import at start-up."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mentionwatch.sources.base import Source


@dataclass(frozen=True)
class SourceInfo:
    """What the CLI and docs need to know about a source without importing it."""

    name: str
    module: str
    cls: str
    keyless: bool
    default_base_url: str | None
    description: str
    credential_envs: tuple[str, ...] = ()


#: Config keys each ``[sources.NAME]`` accepts besides ``enabled`` and ``base_url``, with their kinds
#: (see ``config._TYPE_CHECKS``). Secrets are only ever named by ``*_env`` keys.
SOURCE_OPTIONS: dict[str, dict[str, str]] = {
    "hackernews": {"tags": "str_list"},
    "rss": {"feeds": "url_list"},
    "mastodon": {"instance": "url", "hashtags": "str_list", "token_env": "env"},
    "stackexchange": {"sites": "str_list", "key_env": "env"},
    "discourse": {"url": "url", "api_key_env": "env", "api_username": "str"},
    "github": {"token_env": "env", "types": "str_list", "comments": "bool"},
    "bluesky": {"handle": "str", "app_password_env": "env"},
    "reddit": {"client_id_env": "env", "client_secret_env": "env", "subreddits": "str_list", "auth_url": "url", "username": "str"},
    "youtube": {"api_key_env": "env"},
    "x": {"bearer_token_env": "env", "max_posts": "int"},
}

SOURCES: dict[str, SourceInfo] = {
    "hackernews": SourceInfo("hackernews", "mentionwatch.sources.hackernews", "HackerNewsSource", True, "https://hn.algolia.com", "Hacker News stories and comments (Algolia search)"),
    "rss": SourceInfo("rss", "mentionwatch.sources.rss", "RssSource", True, None, "any RSS/Atom feed: Google Alerts, Talkwalker, Google News, Lobsters, Reddit search"),
    "mastodon": SourceInfo("mastodon", "mentionwatch.sources.mastodon", "MastodonSource", True, None, "Mastodon hashtag timelines; full-text search with a token"),
    "stackexchange": SourceInfo("stackexchange", "mentionwatch.sources.stackexchange", "StackExchangeSource", True, "https://api.stackexchange.com", "Stack Overflow and any Stack Exchange site"),
    "discourse": SourceInfo("discourse", "mentionwatch.sources.discourse", "DiscourseSource", True, None, "any public Discourse forum"),
    "github": SourceInfo("github", "mentionwatch.sources.github", "GitHubSource", True, "https://api.github.com", "GitHub issues, pull requests and comments"),
    "bluesky": SourceInfo("bluesky", "mentionwatch.sources.bluesky", "BlueskySource", False, "https://bsky.social", "Bluesky posts (handle + app password)", ("app_password_env",)),
    "reddit": SourceInfo("reddit", "mentionwatch.sources.reddit", "RedditSource", False, "https://oauth.reddit.com", "Reddit posts (OAuth app credentials)", ("client_id_env", "client_secret_env")),
    "youtube": SourceInfo("youtube", "mentionwatch.sources.youtube", "YouTubeSource", False, "https://www.googleapis.com/youtube/v3", "YouTube videos (API key)", ("api_key_env",)),
    "x": SourceInfo("x", "mentionwatch.sources.x", "XSource", False, "https://api.x.com/2", "X posts, recent search (paid bearer token)", ("bearer_token_env",)),
}


def load_source_class(name: str) -> type[Source]:
    """Import and return the class implementing source ``name``."""
    info = SOURCES[name]
    module = importlib.import_module(info.module)
    cls: type[Source] = getattr(module, info.cls)
    return cls
