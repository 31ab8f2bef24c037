"""Template reply drafts: per situation, said in several ways, chosen by mention id, within the platform's limit.

A draft is built from slots (opening, empathy, next step, closing...). Each slot has several phrasings;
the mention id picks one per slot, so the same mention always gets the same draft while a table of ten
complaints reads like ten replies. Every draft names the person, says back what they wrote about, and is
signed. Optional sentences are dropped to fit a limit before any word is cut.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from mentionwatch.config import Business, RepliesConfig
from mentionwatch.models import Mention, Reply
from mentionwatch.replies import rules
from mentionwatch.replies._gate import Quick, fold
from mentionwatch.replies.topics import Issue, PendingIssue, detect_issue, personal_news, praised_thing, start_issue

#: How many complete drafts (the reply and its alternatives) to offer.
VARIANTS = 4

SITUATIONS: tuple[str, ...] = (
    "complaint",
    "problem",
    "resolved",
    "question",
    "lead",
    "praise",
    "personal_bad",
    "personal_good",
    "mention",
)

# Phrasings per situation and slot. "{issue}" is the problem said back, "{about}" what a question is
# about, "{thing}" what was praised, "{event}" the person's news, "{contact}" the private channel.
# A leading "~" marks a phrasing too casual for the formal tone.
_OPEN: dict[str, tuple[str, ...]] = {
    "complaint": (
        "I'm so sorry about {issue}.",
        "I'm really sorry about {issue}; that's not the experience we want for you.",
        "thank you for telling us about {issue}, and I'm sorry.",
        "I'm sorry to hear about {issue}.",
        "I'm sorry you've had to deal with {issue}.",
        "that's not good enough, and I'm sorry about {issue}.",
        "I'm sorry about {issue}; you deserved better from us.",
        "I'm sorry about {issue}, and I want to make it right.",
    ),
    "complaint_generic": (
        "I'm so sorry about this.",
        "I'm really sorry; that's not the experience we want for you.",
        "thank you for telling us, and I'm sorry.",
        "I'm sorry to hear this.",
        "I'm sorry you've had to deal with this.",
        "I'm sorry; you deserved better from us.",
    ),
    "problem": (
        "sorry to hear about {issue}; let's get it sorted.",
        "I'm sorry about {issue}, and happy to help.",
        "sorry you've run into {issue}.",
        "thanks for reaching out about {issue}, and sorry for the trouble.",
        "I'm sorry about {issue}; that's frustrating.",
        "sorry about {issue}! Let's fix that.",
        "I'm sorry you're stuck with {issue}.",
        "thanks for flagging {issue}, and I'm sorry it happened.",
        "ugh, {issue} is no fun; I'm sorry.",
        "I'm sorry to see {issue}. Let's work it out.",
    ),
    "problem_about_clause": (
        "happy to help with {about}, and sorry for the hassle.",
        "thanks for asking about {about}; sorry for the trouble.",
        "sorry for the trouble! Let's work out {about} together.",
        "I'm sorry this has been a pain. Happy to help with {about}.",
    ),
    "problem_about_thing": (
        "I'm sorry for the trouble with {about}.",
        "sorry for the hassle with {about}; happy to help.",
        "sorry about the trouble with {about}; let's get it sorted.",
        "thanks for reaching out about {about}, and sorry it's been a pain.",
    ),
    "report": (
        "thank you for reporting {issue}, and sorry you had to deal with it.",
        "thanks for flagging {issue}; I'm sorry it reached you.",
        "thank you for letting us know about {issue}, and I'm sorry for the worry.",
    ),
    "resolved": (
        "glad to hear it's sorted now, and sorry for the trouble with {about}!",
        "that's great news; sorry {about} caused you trouble in the first place.",
        "so glad it's working again! Sorry for the hassle with {about}.",
    ),
    "resolved_generic": (
        "glad to hear it's sorted now, and sorry for the trouble!",
        "that's great news; sorry for the hassle in the first place.",
        "so glad it's working again! Sorry for the trouble.",
    ),
    "problem_generic": (
        "sorry to hear this; let's get it sorted.",
        "I'm sorry for the trouble, and happy to help.",
        "sorry you've run into this.",
        "thanks for reaching out, and sorry for the trouble.",
        "I'm sorry this has been a pain.",
    ),
    "question": (
        "thanks for asking about {about}!",
        "good question about {about}.",
        "happy to help with {about}.",
        "thanks for your question about {about}.",
        "great question about {about}!",
        "thanks for getting in touch about {about}.",
        "you asked about {about}: happy to help.",
        "glad you asked about {about}.",
    ),
    "question_generic": (
        "thanks for your question!",
        "good question!",
        "happy to help with that.",
        "thanks for asking!",
        "thanks for getting in touch!",
    ),
    "lead": (
        "thanks for thinking of {business} for {about}!",
        "we'd love to help with {about}.",
        "thank you for considering {business} for {about}!",
        "how lovely that you're thinking of us for {about}!",
    ),
    "lead_generic": (
        "thanks for thinking of {business}!",
        "thank you for considering {business}!",
        "~how lovely that you're thinking of us!",
    ),
    "praise": (
        "thank you so much!",
        "this made our day, thank you!",
        "thank you for the kind words!",
        "what a lovely thing to read, thank you!",
        "~you've made the whole team smile, thank you!",
    ),
    "personal_bad": (
        "I'm so sorry to hear about {event}.",
        "~sending you a big hug; I'm sorry about {event}.",
        "thinking of you, and I'm sorry about {event}.",
        "I'm sorry to hear about {event}; that's a lot to carry.",
    ),
    "personal_bad_generic": (
        "I'm so sorry to hear that.",
        "~sending you a big hug.",
        "thinking of you today.",
        "I'm sorry you're going through this.",
    ),
    "personal_good": (
        "congratulations on {event}!",
        "what wonderful news about {event}!",
        "huge congratulations on {event}!",
        "~{event}? That's brilliant news, congratulations!",
    ),
    "personal_good_generic": (
        "congratulations!",
        "what wonderful news!",
        "huge congratulations!",
        "~that's brilliant news!",
    ),
    "birthday": (
        "happy birthday!",
        "have a wonderful birthday!",
        "~happy birthday! We hope it's a great one.",
        "many happy returns!",
    ),
    "mention": (
        "thanks for the mention!",
        "thanks for including us!",
        "thank you for the shout-out!",
        "lovely to see us mentioned here, thank you!",
        "nice to see us here!",
        "we spotted this, thank you!",
    ),
    "mention_neutral": (
        "thanks for the mention.",
        "thanks for including us.",
        "good to see this, thank you.",
    ),
}

_EMPATHY: dict[str, tuple[str, ...]] = {
    "default": (
        "That sounds really frustrating.",
        "That's not the experience we want anyone to have.",
        "I'd be frustrated too.",
        "You deserved better than that.",
        "I can see why you're upset.",
    ),
    "wait": ("You shouldn't have had to wait this long.", "Nobody should be kept waiting like that.", "Your time matters, and we wasted it."),
    "support": ("You shouldn't have had to chase us.", "You deserved an answer much sooner.", "That's not how we want to treat anyone."),
    "login": ("Being locked out of your own account is stressful.", "I know how worrying it is to lose access.", "That's a stressful spot to be in."),
    "account": ("That must be worrying.", "I know how stressful that is.", "That's a worrying thing to find."),
    "billing": ("Nobody likes an unexpected charge.", "I understand why that's upsetting.", "Money worries are the last thing you need."),
    "delivery": ("Waiting for something that doesn't turn up is frustrating.", "I know you were counting on it.", "That's really disappointing."),
    "quality": ("You deserved better than that.", "That's not the standard we hold ourselves to.", "I'm disappointed we let you down."),
    "staff": ("Everyone deserves to be treated kindly here.", "That's not how we want anyone to feel.", "You should have been treated with care."),
}

def _combine(*pieces: Sequence[str], extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Every sentence made of one piece from each list, first letter capitalised, then ``extra``: many phrasings."""
    out = [""]
    for options in pieces:
        out = [a + b for a in out for b in options]
    return (*(text[:1].upper() + text[1:] for text in out), *extra)


_NEXT_PRIVATE: tuple[str, ...] = _combine(
    ("", "I'd like to help directly: ", "to sort this out, ", "so I can look into it, "),
    ("could you email {contact}?", "please write to {contact}.", "could you drop us a line at {contact}?", "please send the details to {contact}."),
    ("", " I'll look into it personally.", " I'll take it from there.", " We'll get it sorted together."),
    extra=(
        "Could you email {contact} with the details so I can look into it personally?",
        "If you send the details to {contact}, I'll look into it straight away.",
        "Please drop us a line at {contact} and we'll sort it out together.",
        "Could you write to {contact}? I'd like to put this right.",
        "Send me the details at {contact} and I'll make sure it gets looked at today.",
        "I'd like to help directly: could you email {contact}?",
        "Please email {contact} so we can go through it in private.",
        "If you write to {contact} with what happened, I'll follow it up myself.",
    ),
)
_NEXT_PRIVATE_DM: tuple[str, ...] = (
    "Could you send us a direct message with the details so I can look into it?",
    "If you message us privately with the details, I'll look into it straight away.",
    "Please send us a private message and we'll sort it out together.",
    "Could you DM us the details? I'd like to put this right.",
    "I'd like to help directly: could you send us a private message?",
)
_NEXT_QUESTION: tuple[str, ...] = _combine(
    ("let me check", "I'm finding out for you now", "I'll check with the team", "give me a moment to find out",
     "I'm looking into it", "let me ask the team"),
    (" and I'll reply here shortly.", ", and I'll answer in this thread.", "; I'll come back to you here soon.",
     ", then I'll get back to you here."),
    extra=(
        "Let me check and I'll reply here shortly.",
        "I'm finding out for you now and will reply here soon.",
        "I'll check with the team and get back to you here.",
        "Give me a moment to find out, and I'll come back to you here.",
        "I'm looking into it and will answer here as soon as I can.",
        "Let me ask the team; I'll reply in this thread.",
        "I want to get this right, so I'm checking and will reply here.",
        "Leave it with me and I'll come back to you in this thread.",
    ),
)
_NEXT_QUESTION_PRIVATE: tuple[str, ...] = _combine(
    ("your details are best kept private, so ", "I'll need a few details, so ", "to check safely, ", ""),
    ("could you email {contact}?", "please write to {contact}.", "could you drop a note to {contact}?"),
    ("", " I'll find out and get back to you.", " I'll take it from there."),
    extra=(
        "Could you email {contact} with the details? I'll find out and get back to you.",
        "If you send the details to {contact}, I'll look into it and reply.",
        "Please drop us a line at {contact} so we can check your details privately.",
        "Could you write to {contact}? I'll check and come back to you.",
        "Your details are best kept private, so could you email {contact}? I'll take it from there.",
        "I'll need a few details to check, so please write to {contact}.",
        "To look at your details safely, could you email {contact}?",
        "Drop a note to {contact} and I'll look into it for you.",
    ),
)
_NEXT_QUESTION_PRIVATE_DM: tuple[str, ...] = (
    "Could you send us a direct message with the details? I'll find out and get back to you.",
    "If you message us privately, I'll look into it and reply.",
    "Please DM us so we can check your details privately.",
    "I'll need a few details to check, so please send us a private message.",
)
_NEXT_RESOLVED: tuple[str, ...] = (
    "If it happens again, just reply here and we'll help.",
    "If it comes back, let us know here and we'll look into it.",
    "Any more trouble, just reply here.",
)
_NEXT_LEAD: tuple[str, ...] = (
    "Any questions, just reply here or write to {contact}.",
    "If you'd like to know more, reply here; we're glad to help.",
    "Ask us anything here, or write to {contact}.",
    "Any questions at all, just reply here.",
)
_ALSO_CONTACT: tuple[str, ...] = (
    "If it's easier, you can also reach us at {contact}.",
    "You can also write to {contact} any time.",
    "{contact} works too, if you prefer.",
    "Or email {contact}, whichever suits you.",
)
_PRIVACY: tuple[str, ...] = (
    "Please keep account and order details out of public posts.",
    "For your privacy, please share personal details there rather than here.",
    "Please don't post personal details publicly.",
    "That way your details stay private.",
)
_PRIVACY_LEAKED: tuple[str, ...] = (
    "For your safety, you may want to delete the post with your personal details.",
    "You may want to remove your personal details from the post above, just to be safe.",
    "For your privacy, it's worth deleting the details you posted publicly.",
)
_PRAISE_THING: tuple[str, ...] = (
    "So glad you enjoyed {thing}.",
    "We're thrilled you loved {thing}.",
    "It means a lot that you liked {thing}.",
    "Hearing that about {thing} made our day.",
)
_PRAISE_MORE: tuple[str, ...] = (
    "I'll pass this on to the team.",
    "The team will be so pleased to hear it.",
    "Hope to see you again soon.",
    "Thank you for taking the time to share it.",
)
_PERSONAL_BAD_MORE: tuple[str, ...] = ("Take good care of yourself.", "Wishing you better days ahead.", "We're thinking of you.")
_PERSONAL_GOOD_MORE: tuple[str, ...] = (
    "Thank you for letting us be part of it.",
    "We're so happy for you.",
    "Enjoy every minute.",
    "Wishing you all the best.",
)
_MENTION_MORE: tuple[str, ...] = (
    "Glad to be part of it.",
    "We appreciate it.",
    "Let us know if you ever have questions.",
    "It means a lot to a small team.",
    "Have a great day.",
)
_CLOSING_COMPLAINT: tuple[str, ...] = (
    "Thank you for giving us the chance to put it right.",
    "Thanks for flagging it.",
    "Thank you for letting us know.",
    "Thanks for your honesty.",
)
_CLOSING_PROBLEM: tuple[str, ...] = (
    "We'll get to the bottom of it.",
    "Thanks for bearing with us.",
    "Thanks for letting us know.",
    "We're on it.",
)

_EMOJI: dict[str, tuple[str, ...]] = {
    "praise": ("💛", "🙌", "😊"),
    "personal_good": ("🎉", "🥳", "💛"),
    "personal_bad": ("💙", "🤍", "💛"),
    "question": ("🙂", "😊", "👋"),
    "lead": ("😊", "👋", "💛"),
    "mention": ("🙌", "😊", "👋"),
}

_GREETINGS: dict[str, tuple[str, ...]] = {
    "warm": ("Hi {name},", "Hey {name},", "Hello {name},", "Hi {name},"),
    "formal": ("Hello {name},",),
}
_GREETINGS_NAMELESS: dict[str, tuple[str, ...]] = {"warm": ("Hi there,", "Hey there,"), "formal": ("Hello,",)}

_CONTRACTIONS = {
    "I'm": "I am", "I'll": "I will", "I'd": "I would", "I've": "I have", "you've": "you have", "you're": "you are",
    "we'll": "we will", "we'd": "we would", "we're": "we are", "that's": "that is", "it's": "it is", "let's": "let us",
    "shouldn't": "should not", "doesn't": "does not", "don't": "do not", "isn't": "is not", "can't": "cannot",
    "won't": "will not", "what's": "what is", "here's": "here is", "There's": "There is", "You've": "You have",
    "You're": "You are", "We're": "We are", "We'll": "We will", "That's": "That is", "It's": "It is", "Let's": "Let us",
    "Nobody's": "Nobody is", "You'll": "You will", "you'll": "you will",
}
_FORMAL_WORDS = (
    (re.compile(r"\b[Tt]hanks\b"), lambda m: "Thank you" if m.group(0)[0] == "T" else "thank you"),
    (re.compile(r"\bso sorry\b"), lambda m: "very sorry"),
    (re.compile(r"\bsorry to hear\b"), lambda m: "sorry to hear"),
    (re.compile(r"\bhuge congratulations\b"), lambda m: "warm congratulations"),
    (re.compile(r"\bI'd be frustrated too\b"), lambda m: "I understand your frustration"),
    (re.compile(r"\bget it sorted\b"), lambda m: "resolve it"),
    (re.compile(r"\bsort it out\b"), lambda m: "resolve it"),
    (re.compile(r"\bDM us\b"), lambda m: "send us a direct message with"),
)


class _Part(NamedTuple):
    """One sentence of a draft: ``keep`` ranks how long it survives trimming (required parts are never dropped)."""

    text: str
    required: bool
    keep: int = 0
    short: str | None = None
    """A shorter phrasing of a required sentence, used before dropping an important optional one."""


def _seed(mention_id: str) -> int:
    return int(hashlib.sha256(mention_id.encode("utf-8", "surrogatepass")).hexdigest(), 16)


def _formal(text: str) -> str:
    for short, long in _CONTRACTIONS.items():
        text = re.sub(r"(?<![\w'])" + re.escape(short) + r"(?![\w'])", long, text)
    for pattern, repl in _FORMAL_WORDS:
        text = pattern.sub(repl, text)
    return text.replace("!", ".")


_MAX_LISTS = 256  # phrase lists remembered per tone and phrases never said: the module has a few dozen
_USABLE_BY_ID: dict[tuple[str, tuple[str, ...]], dict[int, tuple[Sequence[str], tuple[str, ...]]]] = {}


def _usable_by_id(tone: str, never_say: tuple[str, ...]) -> dict[int, tuple[Sequence[str], tuple[str, ...]]]:
    """The usable phrasings remembered for ``tone`` and ``never_say``, by phrase list identity (kept with the list)."""
    known = _USABLE_BY_ID.get((tone, never_say))
    if known is None:
        if len(_USABLE_BY_ID) >= 64:
            _USABLE_BY_ID.clear()
        known = _USABLE_BY_ID[tone, never_say] = {}
    return known


def _options(phrasings: Sequence[str], tone: str, never_say: Sequence[str]) -> tuple[str, ...]:
    """The phrasings usable in this tone that contain nothing the business never says."""
    return _usable(tuple(phrasings), tone, tuple(never_say))


@lru_cache(maxsize=1024)
def _usable(phrasings: tuple[str, ...], tone: str, never_say: tuple[str, ...]) -> tuple[str, ...]:
    # the same few dozen phrase lists are filtered for every draft of every mention: worth remembering
    out = []
    for raw in phrasings:
        if raw.startswith("~"):
            if tone == "formal":
                continue
            raw = raw[1:]
        text = _formal(raw) if tone == "formal" else raw
        lowered = text.lower()
        if any(p.strip() and p.strip().lower() in lowered for p in never_say):
            continue
        out.append(text)
    return tuple(out)


def _handle(mention: Mention) -> str | None:
    handle = (mention.author.handle or "").strip().lstrip("@")
    handle = handle.split("@", 1)[0]  # a fediverse handle user@instance: the user is enough
    if re.fullmatch(r"[A-Za-z0-9_.-]{1,30}", handle) and not rules.profanity(handle.replace("_", " ")):
        return f"@{handle}"
    return None


def addressee(mention: Mention) -> str | None:
    """How to address the author: first name when known, else @handle, else ``None``."""
    name = mention.author.first_name
    if name and name.isascii() and not rules.profanity(name) and len(name) <= 20:
        return name
    if name and not name.isascii() and name.isalpha() and len(name) <= 20:
        return name
    return _handle(mention)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str) -> str:
    if text.startswith(("I ", "I'", "{")) or (len(text) > 1 and text[1].isupper()):
        return text
    return text[:1].lower() + text[1:]


_CLAUSE = re.compile(r"(?:how|whether|where|what|a way|adding|allowing|getting)\b")
_STRONG_PRAISE = Quick(re.compile(r"\b(?:love|loved|amazing|awesome|fantastic|excellent|brilliant|wonderful|best|perfect|superb)\b", re.I))
_VAGUE_PHRASES = frozenset({"what's not working", "it not arriving", "what went missing", "it getting stuck", "how slow it's been"})
_RESOLVED = Quick(re.compile(
    r"\b(?:(?:it'?s|its|it is|all|now|got it|that) (?:sorted|fixed|resolved|working)(?: now)?|sorted now|fixed now|working now|"
    r"all good now|seems to be working|it works now|works now|never ?mind)\b",
    re.I,
))
_ASKS_FOR_HELP = Quick(re.compile(
    r"\?|\b(?:help|please|pls|plz|assist|assistance|fix|can you|could you|can u|how do|how can|what (?:should|do|can) i|"
    r"any (?:idea|ideas|advice|suggestions?)|need (?:to|a|an|some))\b",
    re.I,
))
# Strings one of which every match of the pattern contains, in folded text (``_gate.fold``): where none
# is, the pattern finds nothing, and a few ``in`` tests cost far less than the search (which, starting
# with ``\b``, tries the pattern at every character). tests/replies/test_template_fast_paths.py
# checks them against the pattern's requirements.
_RESOLVED_KEYS = ("sorted", "fixed", "resolved", "working", "mind", "works now", "good now")
_ASKS_FOR_HELP_KEYS = ("help", "pleas", "pls", "plz", "assist", "fix", "can ", "could you", "how ", "what ", "any ", "need ")


def _found(quick: Quick, keys: tuple[str, ...], text: str, folded: str) -> bool:
    """Whether ``quick`` matches in ``text``: only searched when ``folded`` (``fold(text)``) holds one of ``keys``."""
    for key in keys:
        if key in folded:
            return quick.search(text) is not None
    return False


def situation_for(mention: Mention, intent: str, issue: Issue, full_text: str | None = None) -> str:
    """The situation a draft answers: the intent, refined by the text (a question that reports a problem...).

    ``full_text`` is ``mention.full_text`` when the caller has it already (the property builds it anew).
    """
    if full_text is None:
        full_text = mention.full_text
    folded = full_text.lower() if full_text.isascii() else fold(full_text)  # fold() lower-cases ASCII text as it is
    score = mention.sentiment.score if mention.sentiment is not None else 0.0
    negative = score <= -0.3
    if intent != "personal" and _found(_RESOLVED, _RESOLVED_KEYS, full_text, folded):
        return "resolved"  # "it's sorted now": glad, sorry it happened, here if it comes back
    if intent == "complaint":
        return "complaint"
    if intent == "personal":
        positive = None if mention.sentiment is None else mention.sentiment.label == "positive"
        kind, event = personal_news(full_text, positive)
        if event is None and issue.symptom:
            return "problem"  # no news we can name, but a problem we can ("my son can't log in"): help with that
        return f"personal_{kind}"
    # read only from here on (a complaint or personal news never asks): "?" is one of the pattern's alternatives
    asks = "?" in full_text or _found(_ASKS_FOR_HELP, _ASKS_FOR_HELP_KEYS, full_text, folded)
    if intent == "praise" and issue.problem and (
        issue.symptom or asks or score < 0.6 or not _STRONG_PRAISE.search(full_text)
    ):
        return "problem"  # "thanks, but I still can't log in" or "love the update, my phone freezes": help first
    if intent in ("question", "lead", "mention") and (issue.problem or negative):
        return "problem"
    if intent in ("mention", "praise") and asks:
        return "question"
    if intent in ("question", "lead", "praise"):
        return intent
    return "mention"


#: situations whose drafts read nothing of the issue (``parts`` says back praise, news or nothing)
_ISSUE_UNUSED = frozenset({"praise", "personal_bad", "personal_good", "mention"})


def _needs_no_object(situation: str, provisional: Issue) -> bool:
    """Whether drafts for ``situation`` read the same from ``provisional`` as from the finished issue.

    A lead reads only ``about``, which the finished issue keeps when it is already known.
    """
    return situation in _ISSUE_UNUSED or (situation == "lead" and bool(provisional.about))


class _Builder:
    """Builds the parts of one draft, picking phrasings by ``pick(slot, options)``."""

    def __init__(self, mention: Mention, intent: str, business: Business, cfg: RepliesConfig):
        self.mention = mention
        self.business = business
        self.cfg = cfg
        self.tone = cfg.tone if cfg.tone in _GREETINGS else "warm"
        #: ``mention.full_text``, read once (the property builds the string anew on every read)
        self.full_text = full_text = mention.full_text
        issue = start_issue(mention.text, mention.title)
        if isinstance(issue, PendingIssue):
            # the situation reads only ``problem`` and ``symptom``, which the first object does not change
            provisional = issue.provisional()
            self.situation = situation_for(mention, intent, provisional, full_text)
            self.issue = provisional if _needs_no_object(self.situation, provisional) else issue.finish()
        else:
            self.situation = situation_for(mention, intent, issue, full_text)
            self.issue = issue
        self.name = addressee(mention)
        self.contact = business.contact.strip()
        self.leaked = bool(rules.private_data(full_text))
        self.seed = _seed(mention.id)
        self._never_say = tuple(cfg.never_say)
        #: what a draft may say though it looks private (the business's contact and names, the addressee)
        self.allowed = (business.contact, business.name, business.signature, self.name or "")
        #: the rules every draft of this mention is checked by (what the drafts share worked out once)
        self.check = rules.DraftCheck(
            limit=mention.reply_limit, never_say=self._never_say, allowed=self.allowed, source_text=full_text
        )
        # each phrase list's usable phrasings, by the list's identity (the list is kept, so the id stays its own);
        # shared by every builder of the same tone and phrases never said
        self._usable = _usable_by_id(self.tone, self._never_say)
        issue = self.issue
        #: what the phrasings' fields are filled with (the same for every variant)
        self.values = {
            "issue": issue.phrase or "",
            "about": issue.about or issue.phrase or "",
            "business": business.name,
            "contact": self.contact,
        }
        sign = business.signature.strip() or business.name.strip()
        self._signature = f"\n– {sign}" if sign else ""
        self._greetings: tuple[str, ...] | None = None
        self._shortest: str | None = None
        self._said_back: dict[str | bool, str | None] = {}  # what _praised_thing and _news found

    def options(self, phrasings: Sequence[str]) -> tuple[str, ...]:
        """``_options`` for this draft's tone and phrases never said, remembered across the variants."""
        known = self._usable.get(id(phrasings))
        if known is not None and known[0] is phrasings:
            return known[1]
        usable = _options(phrasings, self.tone, self._never_say)
        if len(self._usable) >= _MAX_LISTS:
            self._usable.clear()  # only new lists, not the module's, could fill it
        self._usable[id(phrasings)] = (phrasings, usable)
        return usable

    def _choose(self, slot: int, options: Sequence[str], variant: int) -> str:
        if not options:
            return ""
        base = (self.seed >> (6 * slot)) % len(options)
        return options[(base + variant) % len(options)]

    def _coin(self, which: int, variant: int) -> bool:
        """A deterministic yes/no per mention and variant: whether an optional sentence is said at all."""
        return bool((self.seed >> (200 + which * 4 + variant)) & 1)

    def _pick(self, slot: int, phrasings: Sequence[str], variant: int) -> str:
        known = self._usable.get(id(phrasings))  # self.options(phrasings), inlined: it is asked a dozen times a draft
        options = known[1] if known is not None and known[0] is phrasings else self.options(phrasings)
        return self._choose(slot, options, variant)

    def greeting(self, variant: int) -> str:
        """The greeting of ``variant`` ("Hi Anna,")."""
        greetings = self._greetings
        if greetings is None:
            # each usable greeting filled in once: choosing among them picks by position only
            if self.name:
                greetings = tuple(g.format(name=self.name) for g in self.options(_GREETINGS[self.tone]))
            else:
                greetings = self.options(_GREETINGS_NAMELESS[self.tone])
            self._greetings = greetings
        return self._choose(0, greetings, variant)

    def _opening(self, key: str, variant: int, use_generic: bool, values: dict[str, str]) -> str:
        generic_key = f"{key}_generic"
        if use_generic and generic_key in _OPEN:
            key = generic_key
        text = self._pick(1, _OPEN[key], variant)
        if not text and generic_key in _OPEN:
            text = self._pick(1, _OPEN[generic_key], variant)
        return text.format_map(values) if text else ""

    def _praised_thing(self) -> str | None:
        """``praised_thing`` of the mention, worked out once for all the variants."""
        if "thing" not in self._said_back:
            self._said_back["thing"] = praised_thing(self.full_text)
        return self._said_back["thing"]

    def _news(self, positive: bool) -> str | None:
        """The event ``personal_news`` finds in the mention, worked out once for all the variants."""
        if positive not in self._said_back:
            self._said_back[positive] = personal_news(self.full_text, positive)[1]
        return self._said_back[positive]

    def parts(self, variant: int, generic: bool = False) -> list[_Part]:
        """The sentences of one draft; ``generic`` leaves out what was said back from the mention."""
        issue = self.issue
        situation = self.situation
        values = self.values
        parts: list[_Part] = []
        emoji = ""
        if self.cfg.emoji and situation in _EMOJI:
            emoji = " " + self._choose(7, _EMOJI[situation], variant)

        if situation in ("complaint", "problem"):
            if issue.topic == "security" and issue.phrase and not generic:
                parts.append(_Part(self._opening("report", variant, False, values), True))
            elif not issue.symptom and issue.about and not generic and (situation == "problem" or not issue.phrase):
                # nothing specific went wrong that we can name, but we can say what it's about
                kind = "clause" if _CLAUSE.match(issue.about) else "thing"
                parts.append(_Part(self._opening(f"problem_about_{kind}", variant, False, values), True))
            else:
                use_generic = generic or not issue.phrase
                parts.append(_Part(self._opening(situation, variant, use_generic, values), True))
            empathy = _EMPATHY.get(issue.topic, _EMPATHY["default"])
            if situation == "complaint":
                parts.append(_Part(self._pick(2, empathy, variant), False, 1))
            if self.leaked:
                parts.append(_Part(self._pick(3, _PRIVACY_LEAKED, variant), False, 3))
            nexts = _NEXT_PRIVATE if self.contact else _NEXT_PRIVATE_DM
            shortest = self._shortest
            if shortest is None:  # the same for every variant
                usable = self.options(nexts)
                shortest = self._shortest = min(usable, key=len).format_map(values) if usable else ""
            parts.append(_Part(self._pick(4, nexts, variant).format_map(values), True, short=shortest or None))
            if issue.private and self.contact and not self.leaked:
                parts.append(_Part(self._pick(3, _PRIVACY, variant), False, 2))
            closing = _CLOSING_COMPLAINT if situation == "complaint" else _CLOSING_PROBLEM
            if self._coin(1, variant):
                parts.append(_Part(self._pick(5, closing, variant), False, 0))
        elif situation == "resolved":
            vague = issue.phrase is None or issue.phrase in _VAGUE_PHRASES
            values = {**values, "about": (issue.about if vague else issue.phrase) or ""}
            parts.append(_Part(self._opening("resolved", variant, generic or not values["about"], values) + emoji, True))
            parts.append(_Part(self._pick(4, _NEXT_RESOLVED, variant), True))
        elif situation == "question":
            use_generic = generic or not (issue.about or issue.phrase)
            parts.append(_Part(self._opening("question", variant, use_generic, values) + emoji, True))
            if issue.private:
                nexts = _NEXT_QUESTION_PRIVATE if self.contact else _NEXT_QUESTION_PRIVATE_DM
                parts.append(_Part(self._pick(4, nexts, variant).format_map(values), True))
                if self.leaked:
                    parts.append(_Part(self._pick(3, _PRIVACY_LEAKED, variant), False, 3))
            else:
                parts.append(_Part(self._pick(4, _NEXT_QUESTION, variant), True))
                if self.contact and self._coin(0, variant):
                    parts.append(_Part(self._pick(5, _ALSO_CONTACT, variant).format_map(values), False, 1))
        elif situation == "lead":
            use_generic = generic or not issue.about
            parts.append(_Part(self._opening("lead", variant, use_generic, values) + emoji, True))
            nexts = _NEXT_LEAD if self.contact else _NEXT_LEAD_NO_CONTACT
            parts.append(_Part(self._pick(4, nexts, variant).format_map(values), True))
        elif situation == "praise":
            parts.append(_Part(self._pick(1, _OPEN["praise"], variant) + emoji, True))
            thing = None if generic else self._praised_thing()
            if thing:
                parts.append(_Part(self._pick(2, _PRAISE_THING, variant).format(thing=thing), False, 2))
            parts.append(_Part(self._pick(3, _PRAISE_MORE, variant), False, 1))
        elif situation in ("personal_bad", "personal_good"):
            positive = situation == "personal_good"
            event = self._news(positive)
            key = situation
            if positive and event == "your birthday":
                key, event = "birthday", None
                parts.append(_Part(self._pick(1, _OPEN["birthday"], variant) + emoji, True))
            else:
                parts.append(_Part(self._opening(key, variant, generic or not event, {"event": event or ""}) + emoji, True))
            more = _PERSONAL_GOOD_MORE if positive else _PERSONAL_BAD_MORE
            parts.append(_Part(self._pick(2, more, variant), False, 1))
        else:
            negative = self.mention.sentiment is not None and self.mention.sentiment.label == "negative"
            key = "mention_neutral" if negative else "mention"
            parts.append(_Part(self._pick(1, _OPEN[key], variant) + ("" if negative else emoji), True))
            parts.append(_Part(self._pick(2, _MENTION_MORE, variant), False, 0))
        return [p for p in parts if p.text]

    def signature(self) -> str:
        """The signature line ("\\n– Maya at Juniper & Rye"), or nothing."""
        return self._signature

    def render(self, parts: Sequence[_Part], greeting: str) -> str:
        """The draft of ``parts`` after ``greeting``, signed."""
        body = " ".join([p.text for p in parts])
        if greeting:
            return f"{greeting} {_lower_first(body)}{self._signature}"
        return _upper_first(body) + self._signature


_NEXT_LEAD_NO_CONTACT: tuple[str, ...] = tuple(n for n in _NEXT_LEAD if "{contact}" not in n)
_IMPORTANT = 3  # optional sentences ranked this high survive a shorter phrasing of the required ones


def _fit(builder: _Builder, variant: int, limit: int | None, generic: bool) -> str | None:
    """The draft for ``variant`` within ``limit`` (optional sentences dropped first), or None if it breaks a rule."""
    cap = limit if limit is not None else rules.SOFT_LIMIT
    greeting = builder.greeting(variant)
    parts = builder.parts(variant, generic=generic)
    text = builder.render(parts, greeting)
    if len(text) <= cap:  # it fits: nothing to drop (the loop below would not start)
        return text if _clean(builder, text, limit, greeting) else None
    optional = sorted((p for p in parts if not p.required), key=lambda p: p.keep)
    shortened = False
    while len(text) > cap and optional:
        if optional[0].keep >= _IMPORTANT and not shortened:
            # advice that matters (delete the post with your details) outranks our longer phrasing
            parts = [_Part(p.short, True) if p.short else p for p in parts]
            shortened = True
        else:
            drop = optional.pop(0)
            parts = [p for p in parts if p is not drop]
        text = builder.render(parts, greeting)
    if len(text) <= cap and _clean(builder, text, limit, greeting):
        return text
    return None


def _cut(builder: _Builder, limit: int | None) -> str:
    """The last resort for a draft that cannot fit (a very long name, contact or signature): cut words, keep the signature."""
    cap = limit if limit is not None else rules.SOFT_LIMIT
    greeting = builder.greeting(0)
    parts = [p for p in builder.parts(0, generic=True) if p.required]
    signature = builder.signature()
    room = cap - len(signature)
    body = builder.render(parts, greeting)[: len(builder.render(parts, greeting)) - len(signature)]
    if room > 1 and len(body) > room:
        cut = body[: room - 1]
        space = cut.rfind(" ")
        body = (cut[:space] if space > room // 2 else cut).rstrip(" ,.;:") + "…"
    return (body + signature)[:cap]


def _clean(builder: _Builder, text: str, limit: int | None, greeting: str = "") -> bool:
    """Whether ``text`` obeys every rule (the self-check that keeps said-back words honest)."""
    if limit == builder.check.limit:
        return not builder.check.breaks(text, greeting)
    return not rules.breaks_rules(
        text,
        limit=limit,
        never_say=builder._never_say,
        allowed=builder.allowed,
        source_text=builder.mention.full_text,
        lead=greeting,
    )


def template_reply(mention: Mention, intent: str, business: Business, replies: RepliesConfig | None = None) -> Reply:
    """Draft a reply and its alternatives for ``mention`` from the templates alone (fast, offline)."""
    cfg = replies or RepliesConfig()
    builder = _Builder(mention, intent, business, cfg)
    limit = mention.reply_limit
    drafts: list[str] = []
    for generic in (False, True):
        for variant in range(VARIANTS * 3):
            text = _fit(builder, variant, limit, generic)
            if text is not None and text not in drafts:
                drafts.append(text)
            if len(drafts) == VARIANTS:
                break
        if drafts:
            break
    if not drafts:
        drafts.append(_cut(builder, limit))
    return Reply(text=drafts[0], alternatives=tuple(drafts[1:]), limit=limit)


def describe(mention: Mention, intent: str) -> tuple[str, Issue]:
    """The situation and the issue a draft for ``mention`` answers (for prompts, ``--explain`` and tests)."""
    issue = detect_issue(mention.text, mention.title)
    return situation_for(mention, intent, issue), issue
