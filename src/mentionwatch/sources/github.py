"""GitHub issues, pull requests and their comments through the REST search API (keyless; a token raises limits)."""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from mentionwatch.http import HttpClient, HttpError, HttpResponse
from mentionwatch.models import Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    field,
    host_of,
    iso_z,
    make_mention,
    newest,
    opt_int,
    or_query,
    plain,
    plain_text,
    plan_queries,
    run_parts,
    to_int,
    when,
)
from mentionwatch.text import one_line

DEFAULT_BASE_URL = "https://api.github.com"
TYPES = ("issue", "pull-request")
#: Issues whose new comments are fetched per search at most (each costs one more request).
MAX_COMMENT_THREADS = 5
_REPO_PATH = re.compile(r"/repos/([A-Za-z0-9_.\-]+)/([A-Za-z0-9_.\-]+)/?$")


def classify(response: HttpResponse) -> str | None:
    """Turn GitHub's 422 "Validation Failed" into a readable reason."""
    if response.status != 422:
        return None
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    message = ""
    if isinstance(data, dict):
        errors = data.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            message = str(errors[0].get("message") or "")
        message = message or str(data.get("message") or "")
    return f"GitHub rejected the search (422): {one_line(message)[:160] or 'validation failed'}"


class GitHubSource(Source):
    """Issues and pull requests updated since the last run, plus their new comments."""

    name: ClassVar[str] = "github"

    def check(self) -> None:
        """Validate ``types``; the token is optional."""
        self.base_url(DEFAULT_BASE_URL)
        for kind in self._types():
            if kind not in TYPES:
                raise SourceError(f"types: {kind!r} is not one of {', '.join(TYPES)}")
        self.secret("token_env", required=False)

    def _types(self) -> tuple[str, ...]:
        return tuple(self.options.get("types") or TYPES)

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        token = self.secret("token_env", required=False)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """One search per type (issues, pull requests), the keyword's branches joined with OR."""
        base = self.base_url(DEFAULT_BASE_URL)
        # GitHub asks integrators not to send concurrent requests for one client
        http.limit_host(base, 1)
        queries, notes = plan_queries(request.keyword)
        extra: list[str] = []
        parts = [(f"is:{kind}", self._search(http, base, or_query(queries), kind, request, extra)) for kind in self._types()]
        mentions, errors = await run_parts(parts)
        return FetchResult(newest(mentions, request.limit), notes=(*notes, *dict.fromkeys(extra)), errors=errors)

    async def _search(self, http: HttpClient, base: str, query: str, kind: str, request: FetchRequest, notes: list[str]) -> list[Mention]:
        url = f"{base}/search/issues"
        per_page = max(1, min(request.limit, 100))
        found: list[Mention] = []
        threads: list[tuple[str, int]] = []
        headers = self._headers()
        for page in range(1, MAX_PAGES + 1):
            params = {
                "q": f"{query} is:{kind} updated:>={iso_z(request.since)}",
                "sort": "updated",
                "order": "desc",
                "per_page": per_page,
                "page": page,
            }
            data = (await http.get(url, params=params, headers=headers, classify=classify)).json()
            items = field(data, "items", list, host_of(url))
            if data.get("incomplete_results"):
                notes.append("GitHub search timed out on its side and returned incomplete results")
            for item in items:
                mention = issue_mention(item)
                if mention is None:
                    continue
                if mention.created_at is None or mention.created_at >= request.since:
                    found.append(mention)
                thread = _thread(item)
                updated = when(item.get("updated_at"))
                commented = to_int(item.get("comments")) > 0 and (updated is None or updated >= request.since)
                if thread and commented and self.options.get("comments", True) and len(threads) < MAX_COMMENT_THREADS:
                    threads.append(thread)
            if len(items) < per_page or page * per_page >= to_int(data.get("total_count")) or len(found) >= request.limit:
                break
        for repo, number in threads:
            try:
                found.extend(await self._comments(http, base, repo, number, request))
            except (SourceError, HttpError) as exc:  # comments are extra; the issues found still count
                notes.append(f"comments of {repo}#{number} not fetched: {exc}")
        return found

    async def _comments(self, http: HttpClient, base: str, repo: str, number: int, request: FetchRequest) -> list[Mention]:
        url = f"{base}/repos/{repo}/issues/{number}/comments"
        params = {"since": iso_z(request.since), "per_page": 100}
        data = await http.get_json(url, params=params, headers=self._headers())
        if not isinstance(data, list):
            raise SourceError(f"unexpected response from {host_of(url)}: expected an array of comments")
        return [m for m in (comment_mention(c, repo, number) for c in data) if m is not None]


def _repo(item: dict[str, Any]) -> str | None:
    repository_url = item.get("repository_url")
    if not isinstance(repository_url, str):
        return None
    match = _REPO_PATH.search(urlsplit(repository_url).path)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def _thread(item: Any) -> tuple[str, int] | None:
    if not isinstance(item, dict):
        return None
    repo, number = _repo(item), opt_int(item.get("number"))
    return (repo, number) if repo and number is not None else None


def _author(user: Any) -> tuple[str | None, str | None]:
    if not isinstance(user, dict):
        return None, None
    login = user.get("login")
    if not isinstance(login, str) or login == "ghost":  # "ghost" stands in for deleted accounts
        return None, None
    return login, user.get("html_url") if isinstance(user.get("html_url"), str) else f"https://github.com/{quote(login)}"


def _reactions(item: dict[str, Any]) -> int:
    reactions = item.get("reactions")
    return to_int(reactions.get("total_count")) if isinstance(reactions, dict) else 0


def issue_mention(item: Any) -> Mention | None:
    """One search item (an issue or a pull request) as a mention."""
    if not isinstance(item, dict):
        return None
    thread = _thread(item)
    native = f"{thread[0]}#{thread[1]}" if thread else (str(opt_int(item.get("id"))) if opt_int(item.get("id")) else None)
    if native is None:
        return None
    title = plain_text(item.get("title")) or None
    # bodies are markdown, and GitHub renders the HTML inside it: keep what a reader sees
    text = plain(item.get("body")) or (title or "")
    if not text:
        return None
    login, profile = _author(item.get("user"))
    return make_mention(
        "github",
        native,
        text=text,
        title=title,
        url=item.get("html_url"),
        handle=login,
        author_url=profile,
        created_at=when(item.get("created_at")),
        likes=_reactions(item),
        replies=item.get("comments"),
    )


def comment_mention(comment: Any, repo: str, number: int) -> Mention | None:
    """One issue comment as a mention."""
    if not isinstance(comment, dict):
        return None
    comment_id = opt_int(comment.get("id"))
    text = plain(comment.get("body"))
    if comment_id is None or not text:
        return None
    login, profile = _author(comment.get("user"))
    return make_mention(
        "github",
        f"{repo}#{number}-comment-{comment_id}",
        text=text,
        url=comment.get("html_url"),
        handle=login,
        author_url=profile,
        created_at=when(comment.get("created_at")),
        likes=_reactions(comment),
    )
