"""Template drafts: per intent and situation, greeted, signed, specific, varied, deterministic, within limits."""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentionwatch.config import Business, RepliesConfig
from mentionwatch.models import REPLY_LIMITS
from mentionwatch.replies import draft_reply, rules
from mentionwatch.replies.templates import VARIANTS, addressee, template_reply

from .conftest import BUSINESS, MentionFactory, build_mention

APOLOGY = re.compile(r"\b(?:sorry|apologi[sz]e)\b", re.I)


def all_drafts(reply: object) -> list[str]:
    return [reply.text, *reply.alternatives]  # type: ignore[attr-defined]


def assert_clean(text: str, limit: int | None, business: Business = BUSINESS, source: str = "", handle: str = "@ann_b") -> None:
    found = rules.violations(
        text, limit=limit, allowed=[business.contact, business.name, business.signature, handle], source_text=source
    )
    assert found == [], f"{text!r}: {found}"


# -- each intent --------------------------------------------------------------------------------------------------


def test_complaint_is_humble_specific_and_moves_to_private(mention: MentionFactory, business: Business) -> None:
    m = mention("@joesbakery my order hasn't arrived and it's been two hours", name="Ann Baker", score=-0.6)
    for text in all_drafts(draft_reply(m, "complaint", business)):
        assert text.startswith(("Hi Ann,", "Hey Ann,", "Hello Ann,"))
        assert "order" in text
        assert APOLOGY.search(text)
        assert business.contact in text
        assert text.endswith("\n– Sam at Joe's Bakery")
        assert_clean(text, 280, source=m.text, handle="Ann")


def test_complaint_never_promises_a_refund_even_when_asked(mention: MentionFactory, business: Business) -> None:
    m = mention("I want a full refund NOW, the cake was stale and you owe me compensation", score=-0.8)
    for text in all_drafts(draft_reply(m, "complaint", business)):
        assert not [v for v in rules.banned_phrases(text) if v.rule == "promise"]
        assert APOLOGY.search(text)


def test_complaint_without_contact_offers_a_private_message(mention: MentionFactory) -> None:
    no_contact = Business(name="Joe's Bakery", signature="Sam")
    text = draft_reply(mention("the coffee was cold again", score=-0.5), "complaint", no_contact).text
    assert re.search(r"direct message|private message|DM", text)


def test_question_gets_a_helpful_answer_or_a_promise_to_find_out(mention: MentionFactory, business: Business) -> None:
    m = mention("How can I order a birthday cake for next Saturday?", score=0.1)
    reply = draft_reply(m, "question", business)
    for text in all_drafts(reply):
        assert "birthday cake" in text or "order" in text
        assert re.search(r"check|find out|get back|reply|come back|answer", text)
        assert not APOLOGY.search(text)


def test_question_needing_private_details_offers_the_contact(mention: MentionFactory, business: Business) -> None:
    m = mention("Can I change the delivery address on my order?", score=0.0)
    for text in all_drafts(draft_reply(m, "question", business)):
        assert business.contact in text


def test_question_reporting_a_problem_is_apologised_for(mention: MentionFactory, business: Business) -> None:
    m = mention("Why can't I log into my account on your app?", score=-0.2)
    for text in all_drafts(draft_reply(m, "question", business)):
        assert APOLOGY.search(text)
        assert business.contact in text


def test_praise_gets_warm_thanks_and_no_pitch(mention: MentionFactory, business: Business) -> None:
    m = mention("The sourdough at Joe's is amazing, best in town!", name="Priya Shah", score=0.9)
    for text in all_drafts(draft_reply(m, "praise", business)):
        assert text.startswith(("Hi Priya,", "Hey Priya,", "Hello Priya,"))
        assert re.search(r"thank", text, re.I)
        assert not APOLOGY.search(text)
        assert business.contact not in text
        assert not [v for v in rules.banned_phrases(text) if v.rule == "sales"]
    assert any("sourdough" in t for t in all_drafts(draft_reply(m, "praise", business)))


def test_personal_bad_news_gets_sympathy(mention: MentionFactory, business: Business) -> None:
    m = mention("Rough day at work, need one of Joe's cinnamon buns", score=-0.4)
    for text in all_drafts(draft_reply(m, "personal", business)):
        assert re.search(r"sorry|thinking of you|hug|going through", text, re.I)
        assert not re.search(r"congratulations|wonderful news", text, re.I)
        assert business.contact not in text


def test_personal_good_news_gets_a_celebration(mention: MentionFactory, business: Business) -> None:
    m = mention("We just got engaged and celebrated at Joe's!", score=0.8)
    for text in all_drafts(draft_reply(m, "personal", business)):
        assert re.search(r"congratulations|wonderful news|brilliant news", text, re.I)
        assert not APOLOGY.search(text)
    birthday = mention("It's my birthday! Treating myself at Joe's", score=0.7)
    assert any("birthday" in t.lower() or "many happy returns" in t.lower() for t in all_drafts(draft_reply(birthday, "personal", business)))


def test_lead_gets_a_welcome_not_a_pitch(mention: MentionFactory, business: Business) -> None:
    m = mention("Can anyone recommend a good bakery for a wedding cake?", score=0.2)
    for text in all_drafts(draft_reply(m, "lead", business)):
        assert "Joe's Bakery" in text or "us" in text
        assert not [v for v in rules.banned_phrases(text) if v.rule == "sales"]


def test_plain_mention_gets_thanks(mention: MentionFactory, business: Business) -> None:
    m = mention("Walked past Joe's Bakery on the way to work", score=0.0)
    for text in all_drafts(draft_reply(m, "mention", business)):
        assert re.search(r"thank|appreciate|nice to see", text, re.I)


def test_a_praise_label_on_a_problem_still_gets_help(mention: MentionFactory, business: Business) -> None:
    m = mention("Thanks! But I still can't log into my account, please help", score=0.5)
    text = draft_reply(m, "praise", business).text
    assert APOLOGY.search(text) and business.contact in text


def test_a_sorted_problem_gets_relief_and_a_door_left_open(mention: MentionFactory, business: Business) -> None:
    m = mention("The app kept crashing but it's sorted now, thanks", score=0.3)
    text = draft_reply(m, "praise", business).text
    assert re.search(r"glad|great news", text, re.I) and APOLOGY.search(text)


# -- names, signature -----------------------------------------------------------------------------------------------


def test_greets_by_first_name_else_by_handle(mention: MentionFactory) -> None:
    assert addressee(mention("hi", name="Jane Doe", handle="jd")) == "Jane"
    assert addressee(mention("hi", name="jd99", handle="jd99")) == "@jd99"
    assert addressee(mention("hi", handle="ann@mastodon.social")) == "@ann"
    assert addressee(mention("hi", handle=None)) is None


def test_nameless_author_gets_a_friendly_greeting(mention: MentionFactory, business: Business) -> None:
    text = draft_reply(mention("love the croissants", handle=None, score=0.8), "praise", business).text
    assert text.startswith(("Hi there,", "Hey there,"))


def test_signed_with_the_business_name_when_no_signature(mention: MentionFactory) -> None:
    text = draft_reply(mention("love it", score=0.8), "praise", Business(name="Joe's Bakery")).text
    assert text.endswith("\n– Joe's Bakery")


# -- determinism and variety ----------------------------------------------------------------------------------------


def test_same_mention_always_gets_the_same_draft(mention: MentionFactory, business: Business) -> None:
    m = mention("my order hasn't arrived", id="x:42", score=-0.5)
    first = draft_reply(m, "complaint", business)
    for _ in range(3):
        assert draft_reply(m, "complaint", business) == first


def test_alternatives_are_distinct_and_listed(mention: MentionFactory, business: Business) -> None:
    reply = draft_reply(mention("my order hasn't arrived", score=-0.5), "complaint", business)
    drafts = all_drafts(reply)
    assert len(drafts) == VARIANTS
    assert len(set(drafts)) == VARIANTS


def test_ten_complaints_in_a_table_do_not_read_like_one_template(business: Business) -> None:
    texts = [
        "my order hasn't arrived",
        "the coffee was cold",
        "waited 30 minutes for a sandwich",
        "the girl at the till was rude",
        "charged twice for one loaf",
        "your website checkout is broken",
        "can't book a table online",
        "the bread was stale",
        "my cake order was cancelled without telling me",
        "still no reply to my email",
    ]
    drafts = [
        draft_reply(build_mention(t, id=f"x:{i}", handle=f"user{i}", score=-0.6), "complaint", business).text
        for i, t in enumerate(texts)
    ]
    openings = {d.split(",", 1)[1].split()[0:3].__str__() for d in drafts}
    assert len(openings) >= 4
    for i, a in enumerate(drafts):
        for b in drafts[i + 1 :]:
            assert difflib.SequenceMatcher(None, a, b).ratio() < 0.85


# -- limits ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["x", "bluesky", "mastodon", "hackernews", "reddit"])
def test_every_draft_fits_its_platform(source: str, mention: MentionFactory, business: Business) -> None:
    m = mention(
        "I ordered a birthday cake two weeks ago, paid online, and it never arrived; nobody answers the phone "
        "and I'm furious because the party is ruined",
        source=source,
        name="Maximiliana Featherstonehaugh",
        score=-0.9,
    )
    limit = REPLY_LIMITS[source]
    reply = draft_reply(m, "complaint", business)
    assert reply.limit == limit
    for text in all_drafts(reply):
        assert len(text) <= (limit or rules.SOFT_LIMIT)


def test_optional_sentences_are_dropped_before_any_word_is_cut(mention: MentionFactory) -> None:
    long_business = Business(
        name="Joe's Bakery",
        signature="Samantha Featherstonehaugh-Wellington, Head of Customer Happiness at Joe's Bakery",
        contact="customer.happiness.team@joes-artisan-bakery-and-cafe.example",
    )
    m = mention("my order hasn't arrived", source="x", score=-0.6)
    unlimited = draft_reply(m.evolve(source="hackernews"), "complaint", long_business).text
    limited = draft_reply(m, "complaint", long_business).text
    assert len(limited) <= 280 < len(unlimited)
    assert "…" not in limited
    assert APOLOGY.search(limited) and long_business.contact in limited and limited.endswith(long_business.signature)


def test_words_are_cut_only_when_even_the_required_sentences_cannot_fit(mention: MentionFactory) -> None:
    huge = Business(name="Joe's", signature="Sam", contact="x" * 250 + "@joes.example")
    text = draft_reply(mention("my order hasn't arrived", source="x", score=-0.6), "complaint", huge).text
    assert len(text) <= 280
    assert text.endswith("\n– Sam")


# -- voice ----------------------------------------------------------------------------------------------------------


def test_formal_tone_has_no_contractions_or_exclamations(mention: MentionFactory, business: Business) -> None:
    formal = RepliesConfig(tone="formal")
    for intent, text in (("complaint", "my order hasn't arrived"), ("praise", "best croissants ever"), ("question", "are you open on Sunday?")):
        for draft in all_drafts(draft_reply(mention(text, name="Ann Lee", score=0.0), intent, business, formal)):
            body = draft.rsplit("\n", 1)[0]
            assert body.startswith("Hello Ann,")
            assert not re.search(r"\b(?:I'm|I'll|we'll|we're|that's|it's|let's|you've)\b", body)
            assert "!" not in body


def test_emoji_only_when_configured_and_never_on_complaints(mention: MentionFactory, business: Business) -> None:
    emoji = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
    praise = mention("best croissants ever", score=0.9)
    assert not any(emoji.search(t) for t in all_drafts(draft_reply(praise, "praise", business)))
    assert all(emoji.search(t) for t in all_drafts(draft_reply(praise, "praise", business, RepliesConfig(emoji=True))))
    complaint = mention("my order hasn't arrived", score=-0.6)
    assert not any(emoji.search(t) for t in all_drafts(draft_reply(complaint, "complaint", business, RepliesConfig(emoji=True))))


def test_never_say_phrases_never_appear(mention: MentionFactory, business: Business) -> None:
    never = RepliesConfig(never_say=("sorry to hear", "let's get it sorted", "happy to help", "thank you so much"))
    for intent, text in (("question", "why can't I log in?"), ("praise", "amazing buns"), ("complaint", "cold coffee")):
        for draft in all_drafts(draft_reply(mention(text, score=0.0), intent, business, never)):
            lowered = draft.lower()
            assert not any(p in lowered for p in never.never_say)


# -- never ----------------------------------------------------------------------------------------------------------


def test_private_data_never_reaches_a_public_reply(mention: MentionFactory, business: Business) -> None:
    m = mention(
        "My order #48213 never arrived!! email me at ann.b@example.com or call 07700 900123, account AB12C9D77X",
        score=-0.7,
    )
    for text in all_drafts(draft_reply(m, "complaint", business)):
        for secret in ("48213", "ann.b@example.com", "07700", "900123", "AB12C9D77X"):
            assert secret not in text
    for text in all_drafts(draft_reply(m, "complaint", business)):
        assert re.search(r"delet|remov", text)  # advice to take the details down survives the 280 limit


def test_important_advice_survives_the_limit_through_a_shorter_next_step(mention: MentionFactory, business: Business) -> None:
    m = mention(
        "my channel has been suspended for a year, I sent an e-mail and got no answer. my email is someone.long@example.com",
        score=-0.8,
    )
    for text in all_drafts(draft_reply(m, "complaint", business)):
        assert len(text) <= 280
        assert re.search(r"delet|remov", text) and business.contact in text and APOLOGY.search(text)


def test_insults_are_never_repeated(mention: MentionFactory, business: Business) -> None:
    m = mention("your useless idiot staff burnt my fucking toast, pathetic", score=-0.9)
    for text in all_drafts(draft_reply(m, "complaint", business)):
        assert rules.profanity(text) == []


CORPUS = [
    ("complaint", "my order hasn't arrived and nobody answers the phone"),
    ("complaint", "The barista was so rude to me this morning"),
    ("complaint", "£5 for a coffee? overpriced rip-off"),
    ("complaint", "booked a table for 8, turned up and there was no reservation"),
    ("question", "do you have vegan options on the menu?"),
    ("question", "can I pay by card?"),
    ("lead", "looking for a bakery that does gluten free birthday cakes in Portland"),
    ("praise", "Joe's cinnamon buns are the best thing in this city"),
    ("personal", "my dog died yesterday, sat in Joe's with a coffee and cried"),
    ("personal", "Just graduated!! celebrating with cake from Joe's"),
    ("mention", "Joe's Bakery is on the corner of 5th and Main"),
]


@pytest.mark.parametrize(("intent", "text"), CORPUS)
@pytest.mark.parametrize("source", ["x", "bluesky", "mastodon", "discourse"])
def test_every_draft_obeys_every_rule(intent: str, text: str, source: str, business: Business) -> None:
    m = build_mention(text, source=source, score=-0.6 if intent == "complaint" else 0.4)
    for draft in all_drafts(template_reply(m, intent, business)):
        assert_clean(draft, m.reply_limit, source=m.text)
        assert draft.startswith(("Hi @ann_b,", "Hey @ann_b,", "Hello @ann_b,"))


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(min_size=1, max_size=400),
    intent=st.sampled_from(["complaint", "question", "lead", "praise", "personal", "mention"]),
    source=st.sampled_from(["x", "bluesky", "mastodon", "hackernews"]),
    handle=st.one_of(st.none(), st.text(min_size=1, max_size=40)),
)
def test_any_text_gets_a_signed_draft_within_the_limit(text: str, intent: str, source: str, handle: str | None) -> None:
    m = build_mention(text, source=source, handle=handle, score=0.0)
    reply = draft_reply(m, intent, BUSINESS)
    for draft in all_drafts(reply):
        assert len(draft) <= (m.reply_limit or rules.SOFT_LIMIT)
        assert draft.endswith("\n– Sam at Joe's Bakery")
        assert not rules.leaked_private_data(draft, [BUSINESS.contact, addressee(m) or ""])
