"""Intent by rules: complaint, question, lead, praise, personal or mention (first that fits wins)."""

from __future__ import annotations

import re

from mentionwatch.models import Sentiment

_COMPLAINT = re.compile(
    r"\b(?:still (?:waiting|no|not)|hasn'?t arrived|never arrived|never again|refund|wrong order|cancell?ed|"
    r"rude|terrible|awful|worst|disappointed|overcharged|no reply|no response|stale|cold|burnt|broken|"
    r"food poisoning|sick after|waited \d+|thanks for nothing)\b",
    re.I,
)
_QUESTION = re.compile(r"\?|\b(?:anyone know|does anyone|do you|are you|is there|how do i|can i|what time|when do)\b", re.I)
_LEAD = re.compile(r"\b(?:recommend|recommendations?|looking for|suggestions?|where can i (?:get|buy|find)|best .* in)\b", re.I)
_PERSONAL = re.compile(r"\b(?:my (?:birthday|wedding|mum|mom|dad|dog|cat)|got the job|engaged|passed away|rough day|bad day|just had a baby|graduat)", re.I)


def classify_intent(text: str, sentiment: Sentiment, title: str | None = None) -> str:
    """Return the intent of a mention's text (DESIGN.md's six intents)."""
    full = f"{title}\n{text}" if title else text
    if _COMPLAINT.search(full) or (sentiment.label == "negative" and sentiment.score < -0.5):
        return "complaint"
    if _LEAD.search(full):
        return "lead"
    if _QUESTION.search(full):
        return "question"
    if _PERSONAL.search(full):
        return "personal"
    if sentiment.label == "positive" and sentiment.score >= 0.3:
        return "praise"
    return "mention"
