"""Complaint: a breach of expectations about the business, however calmly put.

Shared by intent (a complaint comes first) and sentiment (a complaint is never positive or
neutral praise: a calm "my order still hasn't arrived" is negative).
"""

from __future__ import annotations

import re

from mentionwatch.analysis.cues import Cues, add_patterns, find_cues, found_in

#: The author's own bad day or good news.
PERSONAL = re.compile(
    r"\b(?:my (?:birthday|bday|wedding|anniversary|graduation|mum|mom|mother|dad|father|grandma|grandpa|grandmother|grandfather|"
    r"husband|wife|boyfriend|girlfriend|partner|son|daughter|kid|kids|baby|dog|cat|pet|friend|best friend|exam|exams|"
    r"interview|first day|last day|day|week|life|head|back|tooth|teeth|heart)|"
    r"got (?:the job|engaged|married|promoted|accepted|in|a new job|my results|fired|laid off|dumped)|"
    r"(?:i'?m|i am|we'?re|we are|just) (?:engaged|married|pregnant|expecting|graduated|retired|sick|ill|exhausted|tired|so tired|"
    r"stressed|sad|heartbroken|depressed|lonely|bored|hungover|excited|so excited|thrilled|happy|so happy|proud|blessed|nervous)|"
    r"passed away|funeral|rip\b|hospital|(?:my|had|having|after|before) surgery|broke up|breakup|lost my (?:job|dog|cat|mum|mom|dad|grandma|grandpa|wallet|keys|phone)|"
    r"rough day|bad day|long day|terrible day|awful day|worst day|(?:great|best|good|amazing) day (?:ever|of my life)|"
    r"new job|new baby|baby (?:boy|girl)|it'?s a (?:boy|girl)|just had a baby|gave birth|graduated|my graduation|my promotion|"
    r"moving house|moved house|new house|new home|first home|bought a house|(?:happy|feliz) (?:birthday|anniversary)|"
    r"(?:can'?t|couldn'?t) sleep|feel(?:ing)? (?:sick|ill|sad|down|awful|terrible|great|amazing|blessed|lucky|old)|"
    r"i (?:hate|love) (?:mondays|my life|this weather|being)|this weather|hangover|headache|migraine|flu|cold and)\b",
)


# run in the cues' pass over the text (as "personal"), so that is_complaint reads the answer from it
add_patterns({"personal": PERSONAL})


def is_personal(text: str) -> bool:
    """Talks about the author's own life rather than the business."""
    return PERSONAL.search(text.lower()) is not None


def is_complaint(text: str, score: float, label: str, cues: Cues | None = None) -> bool:
    """A breach of expectations about the business, however calmly put."""
    c = cues or find_cues(text)
    if c.negated_problem and not c.sarcasm:
        return False
    if c.resolved and not (c.sarcasm or c.never_again) and score > 0:
        return False
    if c.self_inflicted and not (c.waiting or c.never_again or c.sarcasm):
        return False
    if c.life_event and not (c.waiting or c.failure or c.never_again or c.sarcasm) and not (c.business and c.complaint_talk):
        # the author's own bad week or good news; the business is at most where it happened
        return False
    if c.problem:
        return True
    if c.resolved and not c.complaint_talk:
        # thanks for putting the author's own mishap right ("saved my dinner party")
        return False
    if c.info_question and not c.complaint_talk:
        # "what time do you close?", "do you still do the rye?": asks for information, states no failure
        return False
    if c.how_to and score > -0.5:
        # "how do I cancel my subscription?" asks for help; it is not yet a complaint
        return False
    business = c.business or c.addressed
    if c.complaint_talk and (business or score < 0):
        return True
    if label != "negative":
        return False
    # a mention is found because it names the business: strong negativity is about it unless personal
    # is_personal(text), as remembered from the cues' pass (find_cues has just run it on this text)
    if "personal" in found_in(text) and not (c.business and score <= -0.4):
        # the author's own bad day, not the business's doing
        return False
    return business or score <= -0.5
