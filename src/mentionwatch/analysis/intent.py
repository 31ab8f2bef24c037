"""Intent by rules: complaint, question, lead, praise, personal or mention (first that fits wins).

- ``complaint``: a breach of expectations about the business; separate from sentiment, so a calm
  "my order still hasn't arrived" is a complaint and "no problems at all" is not.
- ``question``: asks for information or help about something ("anyone know if…", "how do I…");
  an opening request for plain information ("what time do you close?") is not a complaint unless
  a failure is stated.
- ``lead``: looking for a recommendation or to buy ("can anyone recommend a bakery in…",
  "looking for pastries for…", "where are people buying…"). A recommendation request is a lead only.
- ``praise``: a word of praise or thanks for the business with a score that is not negative; the
  sentiment label's bar is not needed.
- ``personal``: the author's own bad day or good news (laid off, engaged, retired…) where the
  business is only the setting; thanks to the business for its part makes it praise.
- ``mention``: neutral, news, listicles and guides, or someone showing their own project.
"""

from __future__ import annotations

import re

from mentionwatch.analysis.complaint import is_complaint
from mentionwatch.analysis.cues import add_patterns, find_cues, found_in
from mentionwatch.analysis.sentiment import normalise
from mentionwatch.models import Sentiment

#: Asking for information or help.
_QUESTION = re.compile(
    r"\?"
    r"|\b(?:any ?one|any ?body|some ?one|does anyone|do you|did you|are you|is there|is it|are there|will you|would you|"
    r"could you|can you|can i|can we|could i|should i|do i|how do|how can|how long|how much|how many|what time|"
    r"when (?:do|does|is|are|will)|where (?:do|is|are|can)|wondering (?:if|whether|how|when|where|what)|"
    r"want(?:ed)? to know|need to know|let me know|anyone know|does anybody|any idea|any ideas|any info|"
    r"help me (?:with|figure|find|understand|out)|please advise|pls advise|advise (?:me|please))\b",
)
_QUESTION_START = re.compile(
    r"^(?:how|what|when|where|why|who|which|is|are|do|does|did|can|could|will|would|should|has|have|may)\b"
)

#: Looking for a recommendation, or to buy.
_LEAD = re.compile(
    r"\b(?:recommend(?:ation|ations|s)?|suggest(?:ion|ions)?|can (?:any ?one|some ?one|you) suggest|"
    r"looking (?:for|to buy|to order|to book|to get|to try|to hire|to find) (?:a|an|some|the best|good|great|decent|recommendations?|"
    r"somewhere|someplace|a place|places?|(?!(?:my|your|his|her|their|our|its|it|him|them|me|us|this|that|work|a job|a new job|answers?|"
    r"an? (?:answer|update|reply|response|refund|job)|help|info|information|someone to blame)\b)[a-z]+)|"
    r"where (?:are|do|is|does) (?:people|folks|locals|everyone|everybody|y'?all|you all|you guys)(?: \w+){0,2} (?:buy|get|find|order|go|eat|shop|book)\w*|"
    r"(?:best|good|decent|great|reliable|affordable) \w+(?: \w+)? (?:in|near|around) (?!stock|store|season|time)[^.!?\n]{0,30}\?|"
    r"where (?:can|should|do) (?:i|we|you) (?:buy|get|find|order|eat|go for|grab)|"
    r"(?:best|good|great|decent|nice) (?:place|places|spot|spots|shop|shops|bakery|bakeries|cafe|cafes|coffee|restaurant|restaurants|bar|bars|"
    r"\w+ (?:shop|place|spot)) (?:in|near|around|for)|"
    r"any (?:good|decent|great) \w+(?: \w+)? (?:in|near|around|for|you)|"
    r"(?:thinking|thought) (?:of|about) (?:buying|getting|ordering|trying|switching to|booking|signing up)|"
    r"(?:want|need|would like|'d like|wanna) to (?:buy|order|book|try|purchase|get (?:a|some))|in the market for|"
    r"(?:worth|should i) (?:buying|getting|trying|it)|(?:where|who) (?:sells|does the best|has the best)|shopping for|"
    r"do you (?:deliver|ship|cater|sell|do|offer|stock)|"
    r"quote for|price (?:for|of|list)|how much (?:for|is|are|does|do|would))",
)

#: Third-person news: announcements and reports, not someone's own opinion.
_NEWS = re.compile(
    r"^(?:local |breaking |business )?news\b|\b(?:announces|announced|launches|launched|opens|opened|to open|"
    r"sponsors|(?<!not )sponsored|partners with|according to|reports|reported|press release|is hiring|acquires|acquired|expands)\b"
)
#: Listicles and guides: "our updated list of", "the city's best", "12 bakeries worth the trip".
_LISTICLE = re.compile(
    r"\bour (?:updated |new |annual |latest |full )?(?:list|guide|round-?up|picks)\b|\bthe (?:city|town|area|neighbou?rhood)['’]?s best\b|"
    r"\bround-?up\b|\bnumber \d+\b|\bno\. ?\d+\b|^\d+ (?:\w+ ){0,3}(?:bakeries|restaurants|places|spots|cafes|cafés|shops|bars|breweries|"
    r"things|ways|reasons|businesses|stores|dentists|plumbers|salons|gyms)\b|\b(?:top|best) \d+\b"
)
#: Someone showing their own project: "Show HN:", "I built this after…"; not a word about the business's service.
_SHOW_AND_TELL = re.compile(r"^(?:show|ask|launch|tell) hn\b|\bi (?:built|made|wrote|coded|designed) (?:this|a|an|my own)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|my|me|we|our|us)\b")


_PATTERNS: dict[str, re.Pattern[str]] = {
    "question": _QUESTION,
    "lead": _LEAD,
    "news": _NEWS,
    "listicle": _LISTICLE,
    "show_and_tell": _SHOW_AND_TELL,
    "first_person": _FIRST_PERSON,
}


# intent's patterns run in the cues' pass over the text, which sentiment has already made
# (PERSONAL is there as "personal" too: complaint adds it)
add_patterns(_PATTERNS)


def is_question(text: str) -> bool:
    """Asks for information or help (with or without a question mark)."""
    low = text.lower()
    return _QUESTION.search(low) is not None or _QUESTION_START.match(low.lstrip(" \"'“(")) is not None


def is_lead(text: str) -> bool:
    """Looks for a recommendation or something to buy."""
    return _LEAD.search(text.lower()) is not None


def classify_intent(text: str, sentiment: Sentiment, title: str | None = None) -> str:
    """Return the intent of a mention's text (DESIGN.md's six intents; the first that fits wins)."""
    full = normalise(f"{title}\n{text}" if title else text)
    cues = find_cues(full)
    found = found_in(full)  # remembered from find_cues
    stated = cues.waiting or cues.failure or cues.never_again or cues.sarcasm
    show_and_tell = not stated and "show_and_tell" in found
    if not show_and_tell and is_complaint(full, sentiment.score, sentiment.label, cues):
        return "complaint"
    lead = "lead" in found
    if not lead and ("question" in found or _QUESTION_START.match(full.lower().lstrip(" \"'“(")) is not None):
        return "question"
    if lead:
        return "lead"
    personal = cues.life_event or "personal" in found
    news = "listicle" in found or ("news" in found and not cues.gratitude and "first_person" not in found)
    if news or show_and_tell:
        return "mention"
    # praise needs a word for the business (or thanks), not the sentiment label's bar
    praised = (cues.praise or cues.gratitude) and (sentiment.score >= 0 or cues.resolved)
    if (praised or (sentiment.label == "positive" and sentiment.score >= 0.3)) and (not personal or cues.gratitude):
        return "praise"
    if personal:
        return "personal"
    if sentiment.label == "positive" and sentiment.score >= 0.3:
        return "praise"
    return "mention"
