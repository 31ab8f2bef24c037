"""Topic detection: what a mention is about, said back without private data or insults."""

from __future__ import annotations

import pytest

from mentionwatch.replies import rules
from mentionwatch.replies.topics import detect_issue, personal_news, praised_thing, question_about


@pytest.mark.parametrize(
    ("text", "topic", "words"),
    [
        ("@joesbakery my order hasn't arrived and it's been two hours", "delivery", "your order not arriving"),
        ("Ordered a cake for Saturday, still waiting for my delivery", "delivery", "your delivery"),
        ("Waited 40 minutes for a coffee at Joe's, ridiculous", "wait", "the long wait"),
        ("The guy at the counter was so rude to my mum today", "staff", "the way you were treated"),
        ("My sourdough was stale and the coffee was cold", "quality", "your sourdough being stale"),
        ("£6 for a croissant?? Joe's is a total rip-off", "price", "pricing"),
        ("Can't book a table on your website, it just errors", "booking", "not being able to book the table"),
        ("I was promised a refund three weeks ago", "refund", "your refund"),
        ("Your website is broken, the checkout page won't load", "website", "not working"),
        ("I can't log into my account since the update", "login", "not being able to log into your account"),
        ("The app keeps crashing when I open my basket", "app", "the app crashing"),
        ("I've been charged twice for one order!", "billing", "being charged twice"),
        ("Someone hacked my account and changed the password", "account", "your account being hacked"),
        ("Got the wrong order again, no sausage roll", "order", "getting the wrong order"),
    ],
)
def test_detects_the_topic_and_says_it_back(text: str, topic: str, words: str) -> None:
    issue = detect_issue(text)
    assert issue.topic == topic
    assert issue.problem
    assert issue.phrase is not None and words in issue.phrase


def test_said_back_phrase_uses_the_customers_own_noun() -> None:
    issue = detect_issue("My left AirPod disconnects randomly even though it's charged, not working at all")
    assert issue.phrase is not None and "AirPod" in issue.phrase


def test_first_person_becomes_second_person() -> None:
    assert detect_issue("my channel has been suspended for no reason").phrase == "your channel being suspended"
    assert question_about("how can I reset my password?") == "how to reset your password"


def test_question_clause_is_said_back_briefly() -> None:
    assert question_about("Is there a way to pause my subscription while I'm away?") == "a way to pause your subscription"
    assert question_about("Do you have gluten free bread?") is None


@pytest.mark.parametrize(
    "text",
    [
        "my order 12345678 never arrived, email me at ann@example.com",
        "Call me on 07700 900123 about my booking, it was cancelled",
        "order #48213 is missing, wtf",
        "how do I change my email ann@example.com to bob@example.com?",
    ],
)
def test_private_data_is_never_said_back(text: str) -> None:
    issue = detect_issue(text)
    for said in (issue.phrase, issue.about):
        assert said is None or rules.private_data(said) == []


def test_insults_are_never_said_back() -> None:
    issue = detect_issue("your stupid app is shit and my useless order never arrived")
    for said in (issue.phrase, issue.about):
        assert said is None or rules.profanity(said) == []


def test_private_flag_marks_problems_that_need_details() -> None:
    assert detect_issue("I can't log into my account").private
    assert detect_issue("my parcel never arrived").private
    assert not detect_issue("what time do you open on Sunday?").private


def test_a_plain_question_is_not_a_problem() -> None:
    issue = detect_issue("What time do you open on Sunday?")
    assert not issue.problem
    assert issue.about == "our opening hours"


def test_personal_news_good_and_bad() -> None:
    assert personal_news("It's my birthday today and I'm treating myself") == ("good", "your birthday")
    assert personal_news("Just got engaged!!") == ("good", "your engagement")
    assert personal_news("My dad passed away last week, his favourite bakery") == ("bad", "your loss")
    assert personal_news("Rough day at work, need cake") == ("bad", "the rough day")


def test_personal_news_falls_back_on_polarity() -> None:
    assert personal_news("what a week", positive=False) == ("bad", None)
    assert personal_news("what a week", positive=True) == ("good", None)


def test_praised_thing_names_what_they_loved() -> None:
    assert praised_thing("The sourdough at Joe's is amazing") == "the sourdough"
    assert praised_thing("Loved my cinnamon bun this morning") == "your cinnamon bun"
