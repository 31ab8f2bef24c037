"""Questions and answers on Stack Overflow or any Stack Exchange site (API 2.3, keyless; a key raises the quota)."""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from mentionwatch.http import RETRY_STATUSES, HttpClient, HttpResponse
from mentionwatch.models import Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    epoch,
    field,
    make_mention,
    newest,
    opt_int,
    plain,
    plan_queries,
    run_parts,
    to_int,
    when,
)
from mentionwatch.text import one_line

DEFAULT_BASE_URL = "https://api.stackexchange.com"
#: API site names whose web host is not ``{site}.stackexchange.com``.
SITE_HOSTS = {
    "stackoverflow": "stackoverflow.com",
    "superuser": "superuser.com",
    "serverfault": "serverfault.com",
    "askubuntu": "askubuntu.com",
    "mathoverflow": "mathoverflow.net",
    "mathoverflow.net": "mathoverflow.net",
    "stackapps": "stackapps.com",
}
_SITE = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


def site_host(site: str) -> str:
    """The web host of an API site name: ``stackoverflow`` -> ``stackoverflow.com``."""
    if site in SITE_HOSTS:
        return SITE_HOSTS[site]
    if "." in site:
        return site
    return f"{site}.stackexchange.com"


def classify(response: HttpResponse) -> str | None:
    """Stack Exchange errors come as JSON ``{error_id, error_name, error_message}``, often with status 400."""
    if response.status in RETRY_STATUSES:
        return None
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data.get("error_name"):
        return None
    name = one_line(str(data.get("error_name")))[:60]
    message = one_line(str(data.get("error_message") or ""))[:160]
    if name == "throttle_violation":
        return f"throttled by Stack Exchange ({message or name})"
    return f"Stack Exchange refused the search: {name}" + (f" ({message})" if message else "")


class StackExchangeSource(Source):
    """``{base_url}/2.3/search/excerpts`` per site: questions and answers, newest first."""

    name: ClassVar[str] = "stackexchange"

    def check(self) -> None:
        """Validate ``sites``; the key is optional."""
        self.base_url(DEFAULT_BASE_URL)
        for site in self._sites():
            if not _SITE.match(site):
                raise SourceError(f"sites: {site!r} is not a Stack Exchange site name (e.g. stackoverflow, superuser)")
        self.secret("key_env", required=False)

    def _sites(self) -> tuple[str, ...]:
        return tuple(s.strip().lower() for s in (self.options.get("sites") or ("stackoverflow",)))

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Search every site for every OR-branch of the keyword."""
        url = self.base_url(DEFAULT_BASE_URL) + "/2.3/search/excerpts"
        key = self.secret("key_env", required=False)
        queries, notes = plan_queries(request.keyword)
        extra: list[str] = []
        parts = [(site, self._search(http, url, site, q, key, request, extra)) for site in self._sites() for q in queries]
        mentions, errors = await run_parts(parts)
        return FetchResult(newest(mentions, request.limit), notes=(*notes, *dict.fromkeys(extra)), errors=errors)

    async def _search(
        self, http: HttpClient, url: str, site: str, query: str, key: str | None, request: FetchRequest, notes: list[str]
    ) -> list[Mention]:
        found: list[Mention] = []
        for page in range(1, MAX_PAGES + 1):
            params: dict[str, Any] = {
                "order": "desc",
                "sort": "creation",
                "q": query,
                "site": site,
                "fromdate": epoch(request.since),
                "pagesize": max(1, min(request.limit, 100)),
                "page": page,
            }
            if key:
                params["key"] = key
            response = await http.get(url, params=params, classify=classify)
            data = response.json()
            items = field(data, "items", list, "api.stackexchange.com")
            found.extend(m for m in (to_mention(item, site) for item in items) if m is not None)
            backoff = opt_int(data.get("backoff"))
            if backoff:
                # "you must wait before calling the same method again": hold the host, within the budget
                http.hold(url, float(backoff))
            remaining = opt_int(data.get("quota_remaining"))
            if remaining is not None and remaining <= 0:
                hint = "" if key else "; set key_env to a free Stack Apps key for 10,000 a day"
                notes.append(f"Stack Exchange daily quota ({to_int(data.get('quota_max'))}) used up{hint}")
                break
            if not data.get("has_more") or len(found) >= request.limit or not items:
                break
        return found


def to_mention(item: Any, site: str) -> Mention | None:
    """One ``search/excerpts`` item (a question or an answer) as a mention."""
    if not isinstance(item, dict):
        return None
    host = site_host(site)
    question_id = opt_int(item.get("question_id"))
    answer_id = opt_int(item.get("answer_id"))
    is_answer = item.get("item_type") == "answer" and answer_id is not None
    if is_answer:
        native, url, title = f"{site}/a/{answer_id}", f"https://{host}/a/{answer_id}", None
    elif question_id is not None:
        native, url = f"{site}/q/{question_id}", f"https://{host}/q/{question_id}"
        title = plain(item.get("title")) or None
    else:
        return None
    text = plain(item.get("body")) or plain(item.get("excerpt")) or (title or "")
    if not text:
        return None
    raw_owner = item.get("owner")
    owner: dict[str, Any] = raw_owner if isinstance(raw_owner, dict) else {}
    reputation = opt_int(owner.get("reputation"))
    return make_mention(
        "stackexchange",
        native,
        text=text,
        title=title,
        url=url,
        handle=plain(owner.get("display_name")),
        author_url=owner.get("link"),
        reach=reputation,
        reach_kind="reputation" if reputation is not None else None,
        created_at=when(item.get("creation_date")),
        likes=item.get("score"),
        replies=0 if is_answer else item.get("answer_count"),
    )
