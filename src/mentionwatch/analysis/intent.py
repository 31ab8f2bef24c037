"""Intent by rules: complaint, question, lead, praise, personal or mention (first that fits wins).

- ``complaint``: a breach of expectations about the business; separate from sentiment, so a calm
  "my order still hasn't arrived" is a complaint and "no problems at all" is not.
- ``question``: asks for information or help about something ("anyone know if…", "how do I…").
- ``lead``: looking for a recommendation or to buy ("can anyone recommend a bakery in…").
  A recommendation request is a lead, not a question.
- ``praise``: pleased with the business.
- ``personal``: the author's own bad day or good news, not about the business.
- ``mention``: neutral, or news.
"""

from __future__ import annotations

import re

from mentionwatch.analysis.complaint import is_complaint, is_personal
from mentionwatch.analysis.cues import find_cues
from mentionwatch.analysis.sentiment import normalise
from mentionwatch.models import Sentiment

#: Asking for information or help.
_QUESTION = re.compile(
    r"\?"
    r"|\b(?:any ?one|any ?body|some ?one|does anyone|do you|did you|are you|is there|is it|are there|will you|would you|"
    r"could you|can you|can i|can we|could i|should i|do i|how do|how can|how long|how much|how many|what time|"
    r"when (?:do|does|is|are|will)|where (?:do|is|are|can)|which|wondering (?:if|whether|how|when|where|what)|"
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
    r"somewhere|someplace|a place|places?)|"
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
    r"sponsors|sponsored|partners with|according to|reports|reported|press release|is hiring|acquires|acquired|expands)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|my|me|we|our|us)\b")


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
    if is_complaint(full, sentiment.score, sentiment.label, cues):
        return "complaint"
    lead = is_lead(full)
    if not lead and is_question(full):
        return "question"
    if lead:
        return "lead"
    personal = is_personal(full)
    low = full.lower()
    news = _NEWS.search(low) is not None and not cues.gratitude and _FIRST_PERSON.search(low) is None
    if sentiment.label == "positive" and (cues.gratitude or sentiment.score >= 0.3) and not personal and not news:
        return "praise"
    if personal:
        return "personal"
    if sentiment.label == "positive" and sentiment.score >= 0.3 and not news:
        return "praise"
    return "mention"
