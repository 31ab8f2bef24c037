"""Stack Exchange search/excerpts against its documented shape, including backoff and throttling."""

from __future__ import annotations

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import SourceError
from mentionwatch.sources.stackexchange import site_host
from tests.sources.source_fakes import SINCE, Router, fetch, make, ok, run, status

PATH = "/2.3/search/excerpts"


def test_stackexchange_normalises_questions_and_answers() -> None:
    router = Router().add(PATH, ok("stackexchange_page1.json"), ok("stackexchange_page2.json"))
    result = run(fetch(make("stackexchange"), router))
    by_id = {m.id: m for m in result.mentions}
    question = by_id["stackexchange:stackoverflow/q/79123456"]
    assert question.title == "Acme SDK times out on upload & retries"
    assert question.text == "Using the Acme SDK I get a timeout when uploading > 2 MB files.\n\nacme.upload(f)"
    assert question.url == "https://stackoverflow.com/q/79123456"
    assert (question.engagement.likes, question.engagement.replies) == (3, 2)
    answer = by_id["stackexchange:stackoverflow/a/79123999"]
    assert answer.title is None
    assert answer.text == "Set chunk_size in the Acme SDK — it fixed it for me."
    assert answer.url == "https://stackoverflow.com/a/79123999"
    assert answer.author.handle is None  # excerpts carry no owner


def test_stackexchange_pages_while_has_more_and_honours_backoff() -> None:
    router = Router().add(PATH, ok("stackexchange_page1.json"), ok("stackexchange_page2.json"))
    waits: list[float] = []
    ids = [m.id for m in run(fetch(make("stackexchange"), router, "Acme SDK", waits=waits)).mentions]
    assert [r.url.params["page"] for r in router.requests] == ["1", "2"]
    assert "stackexchange:stackoverflow/q/79120000" in ids
    assert len(waits) == 1 and 1.0 < waits[0] <= 2.0  # page 1 said backoff: 2


def test_stackexchange_sends_site_time_window_and_key() -> None:
    router = Router().add(PATH, ok("stackexchange_page2.json"))
    source = make("stackexchange", {"SE_KEY": "k3y"}, sites=("superuser", "cooking"), key_env="SE_KEY")
    result = run(fetch(source, router))
    sites = sorted(r.url.params["site"] for r in router.requests)
    assert sites == ["cooking", "superuser"]
    params = router.requests[0].url.params
    assert (params["sort"], params["order"], params["fromdate"], params["key"]) == ("creation", "desc", str(int(SINCE.timestamp())), "k3y")
    assert {m.url for m in result.mentions} == {"https://superuser.com/q/79120000", "https://cooking.stackexchange.com/q/79120000"}


def test_stackexchange_throttle_violation_fails_at_once_with_its_message() -> None:
    router = Router().add(PATH, ok("stackexchange_throttle.json", status=400))
    with pytest.raises(HttpError, match="throttled by Stack Exchange \\(too many requests from this IP"):
        run(fetch(make("stackexchange"), router))
    assert len(router.requests) == 1  # no retry can fix a day-long ban


def test_stackexchange_one_failing_site_leaves_the_other_sites_results() -> None:
    router = Router()
    router.add(PATH, ok("stackexchange_page2.json"), host="se.test")
    source = make("stackexchange", base_url="https://se.test", sites=("stackoverflow", "superuser"))

    def by_site(request):  # superuser answers 502 forever
        if request.url.params["site"] == "superuser":
            return status(502)(request)
        return ok("stackexchange_page2.json")(request)

    router.routes.clear()
    router.add(PATH, by_site)
    result = run(fetch(source, router))
    assert [m.id for m in result.mentions] == ["stackexchange:stackoverflow/q/79120000"]
    assert result.errors == ("superuser: server error (502) after 3 tries",)


def test_stackexchange_notes_a_spent_quota() -> None:
    data = {"items": [], "has_more": True, "quota_max": 300, "quota_remaining": 0}
    router = Router().add(PATH, ok(data))
    result = run(fetch(make("stackexchange"), router))
    assert len(router.requests) == 1
    assert any("quota (300) used up; set key_env" in n for n in result.notes)


def test_stackexchange_site_hosts() -> None:
    assert site_host("stackoverflow") == "stackoverflow.com"
    assert site_host("mathoverflow") == "mathoverflow.net"
    assert site_host("cooking") == "cooking.stackexchange.com"
    assert site_host("es.stackoverflow.com") == "es.stackoverflow.com"


def test_stackexchange_rejects_a_bad_site_name() -> None:
    with pytest.raises(SourceError, match="sites"):
        make("stackexchange", sites=("stack overflow",)).check()
