"""Intent: hand-written labeled examples for each of DESIGN.md's six intents (first that fits wins)."""

from __future__ import annotations

import pytest

from mentionwatch.analysis.intent import classify_intent
from mentionwatch.analysis.sentiment import score_sentiment


def intent(text: str, title: str | None = None) -> str:
    full = f"{title}\n{text}" if title else text
    return classify_intent(text, score_sentiment(full), title)


COMPLAINTS = [
    "my order still hasn't arrived",
    "Ordered a birthday cake for Saturday and it's Monday. Nothing.",
    "thanks for nothing @joesbakery",
    "great job losing my bag",
    "Three weeks and no reply to my email about the refund.",
    "The app keeps crashing at checkout, can't pay for anything",
    "Charged twice for one loaf. Not happy.",
    "Never again. Rude staff and cold coffee.",
    "why is the shop always closed when the sign says open?",
    "I was told it would be delivered today, still nothing",
    "@joesbakery the sourdough was stale and burnt",
]

QUESTIONS = [
    "Does Joe's Bakery open on Sundays?",
    "anyone know if joe's bakery does gluten free bread",
    "What time do you close tonight",
    "Is there parking near Joe's Bakery?",
    "how do I change the delivery address on my order",
    "wondering whether the cafe takes card payments",
]

LEADS = [
    "can anyone recommend a bakery in Portland?",
    "Looking for a good place for birthday cakes near downtown",
    "where can I buy proper sourdough around here",
    "Any good coffee shops in Portland you'd suggest?",
    "thinking of ordering a wedding cake, who does the best ones?",
    "We need to book catering for 40 people next Friday, suggestions welcome",
]

PRAISE = [
    "Joe's Bakery makes the best croissants in town!",
    "Thank you @joesbakery, the cake was perfect and everyone loved it",
    "no problems at all with my order, lovely staff",
    "Finally tried Joe's sourdough. Wow. 😍",
]

PERSONAL = [
    "Rough day at work, picking up a cinnamon roll at Joe's on the way home",
    "It's my birthday today and I'm spending it at Joe's Bakery",
    "Just got engaged!! Celebrating with pastries",
    "my dog passed away this morning, grabbing a coffee to clear my head",
    "Rough day, my dog is sick",
]

MENTIONS = [
    "Joe's Bakery opens a second branch on Main Street next month",
    "Local news: Joe's Bakery sponsors the school fun run",
    "Walked past Joe's Bakery today",
]


@pytest.mark.parametrize("text", COMPLAINTS)
def test_complaints_are_complaints_however_calm(text: str) -> None:
    assert intent(text) == "complaint"


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_ask_for_information_with_or_without_a_question_mark(text: str) -> None:
    assert intent(text) == "question"


@pytest.mark.parametrize("text", LEADS)
def test_recommendation_and_buying_requests_are_leads_not_questions(text: str) -> None:
    assert intent(text) == "lead"


@pytest.mark.parametrize("text", PRAISE)
def test_praise(text: str) -> None:
    assert intent(text) == "praise"


@pytest.mark.parametrize("text", PERSONAL)
def test_the_authors_own_news_is_personal(text: str) -> None:
    assert intent(text) == "personal"


@pytest.mark.parametrize("text", MENTIONS)
def test_neutral_news_is_a_mention(text: str) -> None:
    assert intent(text) == "mention"


def test_a_complaint_phrased_as_a_question_is_a_complaint() -> None:
    assert intent("Why has my order still not arrived after two weeks?") == "complaint"


def test_negated_problems_are_not_complaints() -> None:
    assert intent("No problems at all, the delivery was on time") != "complaint"


def test_the_customers_own_mistake_is_not_a_complaint() -> None:
    assert intent("I accidentally ordered the wrong size, can I change it?") == "question"


def test_title_is_read_with_the_text() -> None:
    assert intent("Details inside.", title="Joe's Bakery lost my order twice") == "complaint"


def test_intent_is_one_of_the_six() -> None:
    for text in ["", "?", "!!!", "😡", "a" * 5000]:
        assert intent(text) in ("complaint", "question", "lead", "praise", "personal", "mention")
