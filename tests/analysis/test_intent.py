"""Intent: hand-written labeled examples for each of DESIGN.md's six intents (first that fits wins)."""

from __future__ import annotations

import pytest
from mw_eval_data import read_vader, vader_file

from mentionwatch.analysis.cues import matching
from mentionwatch.analysis.intent import _PATTERNS, classify_intent
from mentionwatch.analysis.sentiment import normalise, score_sentiment


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
    "are you guys ever going to answer the phone?! unbelievable",  # waiting, put as a question
    "will you ever reply to my email",
]

QUESTIONS = [
    "Does Joe's Bakery open on Sundays?",
    "anyone know if joe's bakery does gluten free bread",
    "What time do you close tonight",
    "Is there parking near Joe's Bakery?",
    "how do I change the delivery address on my order",
    "wondering whether the cafe takes card payments",
    "is the shop open today? worst week of my life, need cake",  # the bad week is the author's, not the shop's doing
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


# Praise needs a word for the business (or thanks) and a score that is not negative, not the label's bar.
PRAISE_WITHOUT_THE_LABEL_BAR = [
    "the flat white at Harbour Coffee is honestly the best thing about my mornings",
    "Shout-out to Spoke & Chain for truing my wheel while I waited",
    "Dr. Osei's hygienist remembered my name after a year away",
    "Northside Books' poetry shelf >>> anything else in this town",
]


@pytest.mark.parametrize("text", PRAISE_WITHOUT_THE_LABEL_BAR)
def test_praise_words_about_the_business_count_without_the_positive_label(text: str) -> None:
    assert intent(text) == "praise"


# Asking for plain information is a question, unless a failure is stated.
INFO_QUESTIONS = [
    "what time does Spoke & Chain stop doing repairs on fridays? need my brakes looked at",
    "does the Maple Street dental clinic still take walk-ins? my filling came out last night and I'm miserable",
    "can we book the back room at Harbour Coffee for a book club of 12?",
    "is Northside Books open on the bank holiday",
]


@pytest.mark.parametrize("text", INFO_QUESTIONS)
def test_a_question_asking_for_information_is_a_question_not_a_complaint(text: str) -> None:
    assert intent(text) == "question"


def test_an_info_question_that_states_a_failure_is_still_a_complaint() -> None:
    assert intent("do you still do repairs? my bike has been with you for three weeks and nobody answers the phone") == (
        "complaint"
    )


# A personal life event where the business is only the setting is personal.
LIFE_EVENTS = [
    "got laid off today. sitting in Harbour Coffee with a latte i can't really afford",
    "worst week of my life, the only bright spot was the bookshop cat at Northside Books",
    "PASSED MY DRIVING TEST. treating myself at the bike shop on saturday",
    "First week of retirement. Walked to the library, then a long lunch at Rosa's Diner.",
]


@pytest.mark.parametrize("text", LIFE_EVENTS)
def test_a_life_event_where_the_business_is_incidental_is_personal(text: str) -> None:
    assert intent(text) == "personal"


def test_a_life_event_with_a_failure_by_the_business_is_a_complaint() -> None:
    assert intent("ordered my dad's 60th birthday cake two weeks ago and the bakery lost the order. unacceptable") == (
        "complaint"
    )


def test_thanks_to_the_business_for_a_life_event_is_praise() -> None:
    assert intent("Rosa's Diner catered my mum's 80th birthday and got every detail right. thank you!") == "praise"


# Looking for a product or service, or asking where people buy it, is a lead.
MORE_LEADS = [
    "Looking for a plumber who does weekend callouts in Leeds. Has anyone used Drip Doctors?",
    "where are people getting their bikes serviced in the east end these days?",
    "Looking for gluten-free birthday cupcakes for a class of 25, anyone?",
    "Best dentist in Bristol for nervous patients?",
]


@pytest.mark.parametrize("text", MORE_LEADS)
def test_looking_for_a_product_or_asking_where_people_buy_it_is_a_lead(text: str) -> None:
    assert intent(text) == "lead"


def test_looking_for_your_own_order_is_not_a_lead() -> None:
    assert intent("still looking for my parcel, the courier says it was delivered") != "lead"


# Late, wrong or poor delivery stated calmly is a complaint.
CALM_COMPLAINTS = [
    "Booked the plumber for Monday morning. He turned up the next day, after we'd already mopped the kitchen.",
    "The flowers for the ceremony arrived at 3pm. The wedding had already ended.",
    "ordered the pad thai from Lotus, it was a bit soggy tonight. usually great",
    "the burger at Rosa's came out lukewarm and the fries tasted bland",
]


@pytest.mark.parametrize("text", CALM_COMPLAINTS)
def test_late_or_poor_delivery_stated_calmly_is_a_complaint(text: str) -> None:
    assert intent(text) == "complaint"


# Sarcasm about paying for something that still fails is a complaint.
SARCASTIC_COMPLAINTS = [
    "love paying £80 for a bike service that's still squeaking a day later",
    "love spending $200 at the dentist only to be told to come back next week",
    "love that the coffee machine at the office cafe is still broken after a month",
]


@pytest.mark.parametrize("text", SARCASTIC_COMPLAINTS)
def test_sarcastic_love_for_paying_for_a_failure_is_a_complaint(text: str) -> None:
    assert intent(text) == "complaint"


def test_genuine_love_for_an_old_habit_is_not_sarcasm() -> None:
    assert intent("love that Northside Books still hand-writes its shelf notes") == "praise"


# Listicles, guides and project posts are mentions, however warm their words.
ARTICLES = [
    "From espresso bars to tea rooms, our updated list of the city's best cafés. Number 4 is Harbour Coffee.",
    "15 bike shops worth the ride: Spoke & Chain makes the cut for its friendly mechanics",
    "Show HN: I made a tiny app that tracks the queue at my local bakery",
    "I built this after my dentist said nobody flosses enough. A sensor in the brush, a chart in the app.",
]


@pytest.mark.parametrize("text", ARTICLES)
def test_listicles_and_project_posts_are_mentions(text: str) -> None:
    assert intent(text) == "mention"


def test_a_relative_which_is_not_a_question() -> None:
    assert intent("I read at Northside Books most weekends, which is the quietest spot in town") != "question"


# Words for life events that also name a business's offer or premises are not personal.
NOT_LIFE_EVENTS = [
    "The cafe has a promotion on lattes this week",
    "Booked a checkup at the Elm Street dental surgery, in and out in twenty minutes",
    "graduation week sale at the campus bookshop, 20% off hoodies",
    "Tuesday is the best day to catch the plumber's supply counter quiet",
]


@pytest.mark.parametrize("text", NOT_LIFE_EVENTS)
def test_a_business_offer_or_place_named_like_a_life_event_is_not_personal(text: str) -> None:
    assert intent(text) != "personal"


def test_asking_whether_a_good_thing_is_in_stock_is_a_question_not_a_lead() -> None:
    assert intent("is the good gorgonzola in stock at the deli this week?") == "question"


def _slow(low: str) -> set[str]:
    return {name for name, pattern in _PATTERNS.items() if pattern.search(low)}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "news: bakery announces new branch",
        "not sponsored, i just love it",
        "our updated list of the city's best bakeries",
        "show hn: i built this after my order was lost",
        "can anyone recommend a good bakery in leeds?",
        "looking for a refund",
        "my birthday was ruined, rip",
        "where do people buy sourdough around here",
    ],
)
def test_indexed_intent_patterns_equal_plain_search_on_phrases(text: str) -> None:
    assert matching(text) & set(_PATTERNS) == _slow(text)


def test_indexed_intent_patterns_equal_plain_search_on_mit_texts() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"))
    rows += read_vader(vader_file("amazonReviewSnippets_GroundTruth.txt"))
    lows = [normalise(t).lower() for _, t in rows]
    assert [t for t in lows if matching(t) & set(_PATTERNS) != _slow(t)] == []


@pytest.mark.parametrize("text", ["worst service ever", "the worst. never again", "worst day ever, you lost my order"])
def test_worst_about_the_business_is_still_a_complaint(text: str) -> None:
    assert intent(text) == "complaint"


def test_asking_a_friend_whether_they_ever_reply_is_not_a_complaint() -> None:
    assert intent("do you ever reply to a text with just lol and nothing else") != "complaint"
