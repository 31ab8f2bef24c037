"""Topic detection: what a mention is about, said back without private data or insults."""

from __future__ import annotations

import pytest

from mentionwatch.replies import rules, topics
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


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("my bank statement has two lines for one loaf, you charged me twice", "being charged twice"),
        ("you charged me double for the sandwiches", "being charged double"),
        ("I got double charged for one coffee", "being double-charged"),
    ],
)
def test_charged_twice_reads_naturally_without_the_object_pronoun(text: str, words: str) -> None:
    issue = detect_issue(text)
    assert issue.phrase == words


def test_cant_do_does_not_borrow_an_object_from_earlier_in_the_sentence() -> None:
    issue = detect_issue("the tea was cold and the radio was blaring so I couldn't hear my sister")
    assert issue.phrase is not None and "radio" not in issue.phrase
    assert issue.phrase == "the tea being cold"


def test_cant_do_still_says_back_its_own_object() -> None:
    issue = detect_issue("the new update is out and now I can't open my basket")
    assert issue.phrase == "not being able to open your basket"


@pytest.mark.parametrize(
    "text",
    ["the tablet isn't letting us in since the reset", "the game won't let us in tonight", "the app won't let me in"],
)
def test_not_letting_us_in_is_a_login_problem_said_back_plainly(text: str) -> None:
    issue = detect_issue(text)
    assert issue.topic == "login"
    assert issue.phrase is not None and issue.phrase.startswith("not being able to get into")
    assert "letting" not in issue.phrase and " let " not in issue.phrase


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("total service loss on my street since lunch", "the loss of service"),
        ("no service at all in the town centre today", "having no service"),
        ("are the servers down again?", "the outage"),
    ],
)
def test_outage_is_said_back_in_the_customers_words(text: str, words: str) -> None:
    issue = detect_issue(text)
    assert issue.topic == "connection"
    assert issue.phrase == words


def test_getting_an_account_back_is_a_login_problem() -> None:
    issue = detect_issue("nobody will help me get my account back after the reset")
    assert issue.topic == "login"
    assert issue.phrase == "getting your account back"


def test_keeps_getting_says_back_what_keeps_coming() -> None:
    issue = detect_issue("I keep getting these reminder texts at 3am")
    assert issue.phrase == "the reminder texts you keep getting"


def test_plural_of_a_noun_ending_in_y_is_recognised() -> None:
    issue = detect_issue("why do you never clean the lobbies at the weekend")
    assert issue.about == "the lobbies"


def test_a_quoted_message_on_screen_is_said_back() -> None:
    issue = detect_issue('every time I pay for the cake it says "card not supported" and stops')
    assert issue.symptom
    assert issue.phrase == 'the "card not supported" message'


def test_a_long_quote_is_not_said_back_word_for_word() -> None:
    issue = detect_issue('the screen says "we are sorry but something has gone wrong please try again later or call us" again')
    assert issue.phrase is None or "try again later" not in issue.phrase


def test_fallback_prefers_the_customers_own_thing_over_one_they_only_mention() -> None:
    issue = detect_issue("The Cafe Wifi is something else. I had to restart my laptop three times, ugh")
    assert issue.phrase == "the trouble with your laptop"


def test_question_about_reaching_us_says_back_what_they_need_help_with() -> None:
    assert question_about("how do I contact your team to help me reset my password?") == "how to reset your password"


def test_question_only_about_reaching_us_is_still_said_back() -> None:
    about = question_about("how can I contact the pastry chef about my wedding cake?")
    assert about is not None and about.startswith("how to contact the pastry chef")


def test_vague_services_give_way_to_the_thing_actually_named() -> None:
    issue = detect_issue("hearing mixed things about services this weekend. will the trains stop at the airport?")
    assert issue.about is not None and "services" not in issue.about
    assert "airport" in issue.about or "trains" in issue.about


def test_words_a_person_said_are_not_taken_for_an_on_screen_message() -> None:
    issue = detect_issue('I came to pick up my cake and the staff said "never heard of it", unbelievable')
    assert issue.phrase is None or "never heard of it" not in issue.phrase


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("the vans block the lane and I can't get my bike out of the shed", "not being able to get your bike out"),
        ("I still can't get my deposit back.", "not being able to get your deposit back"),
        ("I can't open my app in the morning", "not being able to open your app"),
    ],
)
def test_cant_do_keeps_the_particle_that_finishes_the_verb(text: str, words: str) -> None:
    assert detect_issue(text).phrase == words


def test_a_noun_before_the_thing_is_kept_but_not_an_adjective() -> None:
    assert detect_issue("paid for a loaf and never got a confirmation email").phrase == "not receiving your confirmation email"
    phrase = detect_issue("why was a lovely coffee so cold today").phrase
    assert phrase is not None and "lovely" not in phrase


@pytest.mark.parametrize("text", ["waited an hour at Juniper & Rye brunch, awful", "waited an hour at Juniper and Rye brunch, awful"])
def test_half_a_business_name_is_not_said_back(text: str) -> None:
    issue = detect_issue(text)
    assert issue.phrase == "the long wait for the brunch"


def test_swears_agrees_with_profanity() -> None:
    from mentionwatch.replies.rules import PROFANITY, profanity

    texts = ["all good here, hello there", "ok thanks", "Ünïcode ſhit here", "what the FUCK!", "x'damn'", "crap’s", "ok"]
    texts += [f"my {word} app" for word in PROFANITY] + [word.upper() + "!" for word in PROFANITY]
    for text in texts:
        full = topics.clean_for_matching(text)
        assert topics._swears(full, topics.possible_in(full)) == bool(profanity(full)), text


def test_signs_of_trouble_answer_as_the_whole_pattern() -> None:
    texts = [
        "I can't wait!", "cant wait", "can't log in", "help! now", "help!", "still not working", "STILL NOTHING",
        "why is it so slow", "frustrated af", "Struggling", "difficulties", "difficulty", "not in my inbox", "it stopped",
        "doesnt", "won't", "all fine thanks", "", "helpless", "nevermind", "again!", "since the updated app",
    ]
    texts += [f"x {t} y" for t in texts] + [t.upper() for t in texts]
    for text in texts:
        full = topics.clean_for_matching(text)
        live = topics.possible_in(full)
        for sign in (topics._TROUBLE, topics._WEAK_TROUBLE):
            assert sign.in_text(full, live) == bool(sign.pattern.search(full)), (text, sign.pattern.pattern[:20])


def test_top_alternatives_split_only_at_the_top() -> None:
    assert topics.split_alternatives(r"a|b(?:c|d)|[|x]|e\|f|") == ["a", "b(?:c|d)", "[|x]", r"e\|f", ""]


def test_clean_for_matching_spells_out_contractions_written_with_letters_that_fold_to_ascii() -> None:
    # under re.IGNORECASE "ſ" (long s) matches "s" and the Kelvin sign matches "k": once a KeyError
    assert topics.clean_for_matching("Why iſnt my order here") == "Why isn't my order here"
    assert topics.detect_issue("My card doeſnt work and the app iſnt loading") is not None
