"""The rules every reply draft obeys, as checks: limits, banned phrases, promises, blame, private data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from mentionwatch._regex import class_may_hold
from mentionwatch.replies._gate import lowercase_twin, required

#: Forums have no hard limit, but a public reply should still be short.
SOFT_LIMIT = 600

# Corporate filler: phrases that make a reply read like a form letter.
_FILLER = (
    r"(?:we|i)\s+(?:sincerely\s+|deeply\s+|truly\s+)?apologi[sz]e\s+for\s+(?:any|the)\s+inconvenience",
    r"(?:apologies|sorry)\s+for\s+(?:any|the)\s+inconvenience",
    r"inconvenience\s+(?:this\s+(?:may\s+have|has)\s+)?caused",
    r"valued\s+(?:customer|client|guest|member)",
    r"(?:as\s+)?per\s+(?:our|the)\s+(?:company\s+)?polic(?:y|ies)",
    r"(?:company|our)\s+policy\s+(?:states|says|is\s+that|does\s+not)",
    r"your\s+(?:call|feedback|business|custom|satisfaction)\s+(?:is|are|means)\s+(?:very\s+|really\s+|a\s+lot\s+)?(?:important|a\s+lot)",
    r"we\s+(?:take|treat)\s+(?:this|these|all|your)\s+\w*\s*(?:very\s+)?seriously",
    r"rest\s+assured",
    r"please\s+be\s+advised",
    r"we\s+regret\s+to\s+inform",
    r"do\s+the\s+needful",
    r"we\s+strive\s+to",
    r"(?:we|i)\s+value\s+your\s+(?:feedback|business|custom|input)",
    r"thank\s+you\s+for\s+(?:your\s+)?(?:continued\s+)?(?:patience\s+and\s+)?understanding",
    r"for\s+quality\s+(?:and\s+training\s+)?purposes",
    r"at\s+this\s+(?:point\s+in\s+)?time",
    r"we\s+are\s+committed\s+to\s+(?:providing|delivering)",
)

# Promising money, refunds or freebies in public is for a person to decide, never a draft.
_PROMISES = (
    r"\b(?:we|i)(?:'ll|\s+will|\s+shall|\s+can|\s+could|'d|\s+would|\s+are\s+going\s+to|'re\s+going\s+to|'m\s+going\s+to|\s+am\s+going\s+to)\s+"
    r"(?:\w+\s+){0,3}?(?:refund|reimburse|compensate|credit|pay\s+you|give\s+you\s+(?:a|your)\s+(?:\w+\s+)?(?:refund|money|credit|voucher|discount))",
    r"\b(?:we|i)(?:'d|\s+would)\s+be\s+(?:happy|glad|delighted)\s+to\s+(?:\w+\s+){0,2}?(?:refund|reimburse|compensate|credit)",
    r"\b(?:happy|glad|pleased)\s+to\s+(?:\w+\s+){0,2}?(?:refund|reimburse|compensate)",
    r"\b(?:you(?:'ll|\s+will)|you\s+are\s+going\s+to)\s+(?:\w+\s+){0,2}?(?:get|receive|be\s+given)\s+(?:a|your|the)\s+(?:full\s+|partial\s+)?(?:refund|money\s+back|credit|voucher|discount|compensation)",
    r"\b(?:full|partial)\s+refund\s+(?:is|has\s+been|will\s+be|on\s+its\s+way)",
    r"\brefund\s+(?:has\s+been|is\s+being|will\s+be)\s+(?:issued|processed|sent|approved)",
    r"\b(?:on\s+the\s+house|on\s+us)\b",
    r"\b(?:free|complimentary)\s+(?:\w+\s+)?(?:meal|coffee|drink|item|replacement|month|gift|voucher|dessert|upgrade)",
    r"\b(?:voucher|gift\s+card|discount\s+code|coupon|store\s+credit|goodwill\s+(?:gesture|credit|payment))\b",
    r"\bmoney\s+back\s+(?:to\s+you|guarantee)",
    r"\bcompensation\s+(?:for|of)\b",
)

# Blaming the customer, or arguing with them.
_BLAME = (
    r"\byou\s+should\s+(?:have|'ve|of)\b",
    r"\byour\s+(?:own\s+)?fault\b",
    r"\byou\s+(?:did\s+not|didn't|failed\s+to|forgot\s+to|neglected\s+to)\s+(?:\w+\s+){0,2}?(?:read|follow|check|update|provide|give|enter|set|contact|tell|use)",
    r"\bif\s+you\s+had\s+(?:only\s+)?(?:read|followed|checked|told|contacted|updated)",
    r"\bas\s+(?:you\s+were|we(?:'ve|\s+have)?)\s+(?:already\s+)?(?:told|explained|stated|informed)",
    r"\buser\s+error\b",
    r"\byou\s+must\s+have\s+(?:\w+\s+){0,2}?(?:done|entered|made|missed|forgotten|ignored|misread|misunderstood)",
    r"\bdid\s+you\s+(?:even|actually|not)\s+(?:read|check|try)",
    r"\byou(?:'re|\s+are)\s+(?:wrong|mistaken|confused|lying)",
    r"\bthat(?:'s|\s+is)\s+(?:simply\s+|just\s+)?(?:not\s+true|untrue|false|incorrect|a\s+lie)",
    r"\bwith\s+(?:all\s+due\s+)?respect\b",
    r"\bin\s+our\s+defen[cs]e\b",
    r"\bto\s+be\s+fair\b",
    r"\bactually,\s+(?:we|you|that|it)\b",
    r"\bnot\s+our\s+(?:fault|problem|responsibility)\b",
    r"\bnothing\s+(?:we|i)\s+can\s+do\b",
)

# Selling to someone who came with praise, news or a question.
_SALES = (
    r"\b\d+\s?%\s+off\b",
    r"\b(?:buy|order|shop|book)\s+now\b",
    r"\blimited[- ]time\b",
    r"\b(?:use|with)\s+(?:the\s+)?code\b",
    r"\bsign\s+up\s+(?:for|to)\s+our\b",
    r"\b(?:our|the)\s+newsletter\b",
    r"\bdon'?t\s+miss\s+(?:out|our)\b",
    r"\bcheck\s+out\s+our\s+(?:new|latest|range|menu|offers?|deals?|sale|products?|specials?)\b",
    r"\b(?:special|exclusive)\s+(?:offer|deal)s?\b",
    r"\b(?:while\s+stocks\s+last|act\s+now|hurry)\b",
)

#: Profanity and insults: never repeated back, whoever said them first.
PROFANITY: frozenset[str] = frozenset(
    [
        "fuck", "fucking", "fucked", "fucker", "fuckers", "fck", "fk", "fkn", "motherfucker", "shit", "shitty",
        "bullshit", "crap", "crappy", "damn", "dammit", "goddamn", "bitch", "bitches", "bastard", "bastards",
        "asshole", "assholes", "arse", "arsehole", "dick", "dicks", "dickhead", "prick", "wanker", "twat", "cunt",
        "piss", "pissed", "bollocks", "bloody", "wtf", "stfu", "lmao", "idiot", "idiots", "idiotic", "moron",
        "morons", "moronic", "stupid", "dumb", "dumbass", "imbecile", "incompetent", "useless", "pathetic", "clown",
        "clowns", "scum", "scumbag", "scumbags", "trash", "garbage", "rubbish", "sucks", "suck", "sux", "loser",
        "losers", "joke", "jokes", "muppet", "muppets", "fools", "fool", "thieves", "thief", "crooks", "crook",
        "liar", "liars", "hell", "douche", "douchebag", "jackass", "retard", "retarded", "pieceoshit",
    ]
)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\bhttps?:\s*//\S+")
# A phone number: 9+ digits with the usual separators.
_PHONE = re.compile(r"(?<![\w#])\+?\(?\d(?:[\s().-]{0,2}\d){8,}(?![\w])")
# An order, booking, ticket or account reference, or any long number or code.
_REFERENCE_WORDS = (
    r"(?i)\b(?:order|booking|reservation|ticket|case|ref(?:erence)?|confirmation|tracking|account|acct|invoice|"
    r"transaction|customer|member(?:ship)?|card|policy|id|pin)"
)
_REFERENCE = re.compile(
    _REFERENCE_WORDS + r"\s*(?:number|no\.?|num|#|id|code)?\s*[:#]?\s*"
    r"(?=[a-z-]*\d)[a-z0-9-]{4,}\b"
    r"|\b\d{5,}\b"
    r"|\b(?=(?:[a-z]*\d){3})(?=\d*[a-z])[a-z0-9]{8,}\b"
    r"|\b\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d{1,4}\b"
)
# A reference either follows one of its words or has three digits or more ("@user42" has neither).
_REFERENCE_WORD = re.compile(_REFERENCE_WORDS)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass(frozen=True)
class Violation:
    """One broken rule: a short code and what in the text broke it."""

    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


_FILLER_RE = _compile(_FILLER)
_PROMISE_RE = _compile(_PROMISES)
_BLAME_RE = _compile(_BLAME)
_SALES_RE = _compile(_SALES)
_RULES: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = tuple(
    (rule, pattern, lowercase_twin(pattern))
    for rule, pattern in (("filler", _FILLER_RE), ("promise", _PROMISE_RE), ("blame", _BLAME_RE), ("sales", _SALES_RE))
)
_RULE_PATTERNS = (*_FILLER, *_PROMISES, *_BLAME, *_SALES)  # the alternatives of the four rules' patterns


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def private_data(text: str) -> list[str]:
    """Every e-mail address, phone number, order/account reference or long code in ``text``."""
    return list(_private_data(text))


# Necessary conditions, checked first: an e-mail address has a character, "@" and a character around
# it; a phone number has nine digits; every reference or long code has a digit (and see _REFERENCE_WORD).
# Taking out links and e-mail addresses never adds digits, nor a word boundary before a reference word.
_EMAIL_HINT = re.compile(r"[\w.+-]@[\w-]")
_DIGIT = re.compile(r"\d")


def _scan_private(text: str) -> tuple[str, ...]:
    digits = len(_DIGIT.findall(text))
    email = _EMAIL_HINT.search(text) is not None
    if not digits and not email:
        return ()
    text = _norm(text)
    lowered = text.lower()
    if "http" in lowered or "www." in lowered:  # in every link (no other character matches h, t, p or w)
        text = _URL.sub(" ", text)
    found: list[str] = []
    reference = digits >= 3 or (digits > 0 and _REFERENCE_WORD.search(text) is not None)
    for pattern, possible in ((_EMAIL, email), (_PHONE, digits >= 9), (_REFERENCE, reference)):
        if not possible:
            continue  # it cannot match, so it finds nothing and takes nothing out
        matched = False
        for match in pattern.finditer(text):
            matched = True
            value = match.group(0).strip()
            if value and not any(value in f for f in found):
                found.append(value)
        if matched:
            text = pattern.sub(" ", text)
    return tuple(found)


_private_data = lru_cache(maxsize=8192)(_scan_private)


def redact(text: str) -> str:
    """``text`` with links, e-mail addresses, phone numbers and order or account references taken out."""
    text = _URL.sub(" ", _norm(text))
    for pattern in (_EMAIL, _PHONE, _REFERENCE):
        text = pattern.sub(" ", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def profanity(text: str) -> list[str]:
    """The profane or insulting words in ``text``, lower-cased, in order of appearance."""
    if text.isascii():  # lower-casing ASCII first finds the same words, lower-cased in one call
        words = (w.strip("'") for w in _WORD.findall(text.lower()))
    else:
        words = (w.lower().strip("'’") for w in _WORD.findall(text))
    seen: list[str] = []
    for word in words:
        if word in PROFANITY and word not in seen:
            seen.append(word)
    return seen


@lru_cache(maxsize=256)
def _never_say_pattern(phrase: str) -> re.Pattern[str] | None:
    """The phrase a business never says, as a pattern for whole words in lower-cased text (None if blank)."""
    phrase_n = _norm(phrase).strip().lower()
    return re.compile(r"(?<!\w)" + re.escape(phrase_n) + r"(?!\w)") if phrase_n else None


def banned_phrases(text: str, never_say: Iterable[str] = ()) -> list[Violation]:
    """Corporate filler, refund or compensation promises, blame, arguing, sales pitches and insults."""
    text = _norm(text)
    lowered = text.lower()
    plain = text.isascii()
    found: list[Violation] = []
    for rule, pattern, twin in _RULES:
        # ASCII text: the same matches, found faster by the case-sensitive twin in the lower-cased text
        match = twin.search(lowered) if plain and twin is not None else pattern.search(text)
        if match:
            found.append(Violation(rule, text[match.start() : match.end()]))
    for word in profanity(text):
        found.append(Violation("insult", word))
    for phrase in never_say:
        phrase_re = _never_say_pattern(phrase)
        if phrase_re is not None and phrase_re.search(lowered):
            found.append(Violation("never_say", phrase))
    return found


def leaked_private_data(draft: str, allowed: Iterable[str] = ()) -> list[str]:
    """Private data in ``draft`` other than what is ``allowed`` (the business's own contact and name)."""
    allowed_n = [_norm(a).lower() for a in allowed if a]
    leaks = []
    for item in private_data(draft):
        if not any(item.lower() in a or a in item.lower() for a in allowed_n):
            leaks.append(item)
    return leaks


#: where a draft splits into chunks: whitespace after a sentence's punctuation (all of it), or a line break.
#: The plain form is ``(?<=[.!?;:])\s+|\n``. Starting the whole pattern with the whitespace it always
#: matches first (a line break is whitespace too, and ``(?<=\n)`` then says it was one) gives the regex
#: engine a character set to skip to: it tries the pattern at whitespace only (2.4x faster than
#: ``\s(?<=[.!?;:]\s)\s*|\n``, whose branches start with a set and a letter, which it cannot skip to).
_CHUNK = re.compile(r"\s(?:(?<=[.!?;:]\s)\s*|(?<=\n))")
_PLAIN_CHUNK = re.compile(r"(?<=[.!?;:])\s+|\n")  # the same splits, for the tests


@lru_cache(maxsize=8192)
def _chunk_findings(chunk: str, never_say: tuple[str, ...]) -> tuple[tuple[Violation, ...], tuple[str, ...]]:
    """A chunk's banned phrases, and the private data in it (whether it is allowed is for the caller)."""
    # remembered apart from what is allowed (the addressee's name): stock sentences come back for every author
    return tuple(banned_phrases(chunk, never_say)), _private_data(chunk)


@lru_cache(maxsize=256)
def _lowered(allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The allowed names and contacts, normalised and lower-cased (the same few for every draft of a mention)."""
    return tuple(_norm(a).lower() for a in allowed if a)


def _limits(draft: str, limit: int | None) -> list[Violation]:
    """The draft is empty, or longer than ``limit`` (or the soft limit)."""
    found: list[Violation] = []
    cap = limit if limit is not None else SOFT_LIMIT
    if not draft.strip():
        found.append(Violation("empty", "no text"))
    if len(draft) > cap:
        found.append(Violation("length", f"{len(draft)} > {cap}"))
    return found


def _chunk_violations(chunk: str, never_say: tuple[str, ...], allowed_n: tuple[str, ...]) -> list[Violation]:
    """The rules one chunk of a draft breaks: banned phrases, and private data other than what is allowed."""
    found: list[Violation] = []
    if chunk.strip():
        banned, private = _chunk_findings(chunk, never_say)
        found.extend(banned)
        found.extend(Violation("private", item) for item in private if not _is_allowed(item, allowed_n))
    return found


def _is_allowed(item: str, allowed_n: tuple[str, ...]) -> bool:
    """Whether private-looking ``item`` is one of the allowed names or contacts (as leaked_private_data decides)."""
    item_n = item.lower()
    return any(item_n in a or a in item_n for a in allowed_n)


def _posted_private(source_text: str, allowed_n: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(item, lower-cased)`` for the private data the author posted that no draft may say back (four characters or more, in no allowed text)."""
    found = []
    for item in _private_data(source_text) if source_text else ():
        item_n = item.lower()
        if len(item) >= 4 and not any(item_n in a for a in allowed_n):
            found.append((item, item_n))
    return tuple(found)


def _echoed(draft: str, source_text: str, allowed_n: tuple[str, ...]) -> list[Violation]:
    """Private data the author posted that ``draft`` says back."""
    posted = _posted_private(source_text, allowed_n)
    if not posted:
        return []
    # anything private the author posted must never come back, even in a form the patterns miss
    lowered = _norm(draft).lower()
    return [Violation("private", item) for item, item_n in posted if item_n in lowered]


def violations(
    draft: str,
    *,
    limit: int | None,
    never_say: Iterable[str] = (),
    allowed: Iterable[str] = (),
    source_text: str = "",
) -> list[Violation]:
    """Every rule ``draft`` breaks: length, banned phrases, insults echoed, private data leaked."""
    found = _limits(draft, limit)
    # drafts are built from a few stock sentences plus said-back words, so checking sentence by
    # sentence (cached) gives the same answers at a fraction of the cost; no rule spans a sentence end
    never_say_t = tuple(never_say)
    allowed_n = _lowered(tuple(allowed))
    for chunk in _CHUNK.split(draft):
        found.extend(_chunk_violations(chunk, never_say_t, allowed_n))
    found.extend(_echoed(draft, source_text, allowed_n))
    return found


# A greeting ("Hi Anna,") joins the first sentence in one chunk, which is then new for every author.
# breaks_rules checks the two apart, plus every match that could cover the join: see _crosses_join.
_JOIN = ","
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_BOUNDARIES = (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY)


def _looks_beyond(items: Any, char: str | None) -> bool:
    """Whether a parsed pattern asserts more than word boundaries, or may match ``char`` (True when unsure)."""
    for op, arg in items:
        if op is _c.LITERAL:
            if char is not None and chr(arg).lower() == char:
                return True
        elif op is _c.NOT_LITERAL or op is _c.ANY:
            if char is not None:
                return True
        elif op is _c.IN:
            if char is not None and class_may_hold(arg, char):
                return True
        elif op is _c.SUBPATTERN:
            if _looks_beyond(arg[-1], char):
                return True
        elif op is _c.BRANCH:
            if any(_looks_beyond(alternative, char) for alternative in arg[1]):
                return True
        elif op in _REPEATS:
            if _looks_beyond(arg[2], char):
                return True
        elif op is not _c.AT or arg not in _BOUNDARIES:
            return True  # an anchor, a look-around, a back-reference...: not known to be safe
    return False


def _may_start_with_space(items: Any) -> bool:
    """Whether a match of a parsed pattern may start with a space, or be empty (True when unsure)."""
    for op, arg in items:
        if op is _c.AT and arg in _BOUNDARIES:
            continue  # zero width: the next item starts the match
        if op is _c.LITERAL:
            return bool(arg == ord(" "))
        if op is _c.IN:
            return class_may_hold(arg, " ")
        if op is _c.SUBPATTERN:
            return _may_start_with_space(arg[-1])
        if op is _c.BRANCH:
            return any(_may_start_with_space(alternative) for alternative in arg[1])
        if op in _REPEATS:
            if arg[0] >= 1 or _may_start_with_space(arg[2]):
                return _may_start_with_space(arg[2])
            continue  # optional, and never starting with a space: the match starts with it or with the next item
        return True  # a look-around, any character, an anchor...: not known
    return True  # it may match nothing at all


def may_start_with_space(pattern: re.Pattern[str]) -> bool:
    """Whether a match of ``pattern`` may start with a space, or be empty (True when unsure)."""
    return _may_start_with_space(_parser.parse(pattern.pattern, pattern.flags))


def looks_beyond(pattern: re.Pattern[str], char: str | None = None) -> bool:
    """Whether ``pattern`` asserts more than word boundaries, or may match ``char`` (True when unsure)."""
    return _looks_beyond(_parser.parse(pattern.pattern, pattern.flags), char)


_JoinCheck = tuple[re.Pattern[str], re.Pattern[str] | None, bool, "frozenset[str] | None"]


def _join_checks() -> tuple[_JoinCheck, ...]:
    """The rules' alternatives as two patterns: those that may match the join's comma, and the others.

    Each comes with its lower-case twin, whether it is searched in the whole joined chunk (the
    first) or tried at the join (the second), and the lower-case strings one of which each of its
    matches contains (None if unknown). A rule's pattern matches where one of its alternatives
    does, so any grouping of them finds a match just when the rules' patterns do. A match tried
    at the join starts with its space: alternatives that cannot are left out (none can today).
    """
    compiled = [re.compile(p, re.I) for p in _RULE_PATTERNS]
    whole = [p.pattern for p in compiled if looks_beyond(p, _JOIN)]
    at_join = [p.pattern for p in compiled if not looks_beyond(p, _JOIN) and may_start_with_space(p)]
    checks = []
    for patterns, is_whole in ((whole, True), (at_join, False)):
        if patterns:
            pattern = _compile(patterns)
            checks.append((pattern, lowercase_twin(pattern), is_whole, required(pattern)))
    return tuple(checks)


#: every rule asserts only word boundaries, the same before a space as at either end of a text
_SEPARABLE = not any(looks_beyond(re.compile(p, re.I)) for p in _RULE_PATTERNS)
#: the rules' alternatives, by whether they may match the join's comma:
#: (pattern, twin, searched in the whole chunk, strings one of which every match contains)
_AT_JOIN = _join_checks()


def _crosses_join(lead: str, first: str, never_say: tuple[str, ...], allowed_n: tuple[str, ...]) -> bool:
    """Whether ``lead + " " + first`` breaks a rule with a match that is neither in ``lead`` nor in ``first``.

    ``lead`` ends with a comma. A pattern that cannot match a comma and asserts nothing but word
    boundaries (the same before a space as at either end of a text) matches in the joined chunk just
    where it matches in one of the two, or from the space between them: that one place is tried.
    Any other pattern is searched in the whole chunk, and so are phrases never said and private data.
    """
    text = _norm(f"{lead} {first}")
    lowered = text.lower()
    plain = text.isascii()
    join = len(lead)
    for pattern, twin, whole, needs in _AT_JOIN:
        # ASCII text: the twin in the lower-cased text, as banned_phrases searches (the same places)
        if plain and twin is not None:
            if whole and needs is not None and not any(need in lowered for need in needs):
                # every match contains one of ``needs`` (lower-cased; ASCII text folds as it lower-cases):
                # none is here, so the search finds nothing. It would try the pattern at every
                # character (no literal prefix after its ``\b``); ``in`` is a fast scan
                continue
            found = twin.search(lowered) if whole else twin.match(lowered, join)
        else:
            found = pattern.search(text) if whole else pattern.match(text, join)
        if found is not None:
            return True
    for phrase in never_say:
        phrase_re = _never_say_pattern(phrase)
        if phrase_re is not None and phrase_re.search(lowered):
            return True
    if "@" not in text and not _DIGIT.search(text):
        return False  # no e-mail address without "@", and nothing else private without a digit (see _scan_private)
    # not remembered: the joined chunk is new for every author
    return any(not _is_allowed(item, allowed_n) for item in _scan_private(text))


def breaks_rules(
    draft: str,
    *,
    limit: int | None,
    never_say: Iterable[str] = (),
    allowed: Iterable[str] = (),
    source_text: str = "",
    lead: str = "",
) -> bool:
    """Whether ``violations`` finds anything, with ``lead`` (a greeting starting the draft) checked on its own."""
    return DraftCheck(limit=limit, never_say=never_say, allowed=allowed, source_text=source_text).breaks(draft, lead)


#: the verdict on the chunks after a draft's first: True for a banned phrase or insult, else their private data
_Verdict = bool | tuple[str, ...]
_TAILS: dict[tuple[str, ...], dict[str, _Verdict]] = {}
_MAX_TAILS = 4096  # tails remembered per list of phrases never said (then forgotten all at once: about 2 MB at most)


def _tails_for(never_say: tuple[str, ...]) -> dict[str, _Verdict]:
    """The tail verdicts remembered for ``never_say`` (a few lists at most: one per configuration)."""
    tails = _TAILS.get(never_say)
    if tails is None:
        if len(_TAILS) >= 64:
            _TAILS.clear()
        tails = _TAILS[never_say] = {}
    return tails


def _tail_verdict(tail: str, never_say: tuple[str, ...]) -> _Verdict:
    """True if a chunk of ``tail`` has a banned phrase or insult, else the private data in them, in order.

    Together with what is allowed, it is what _chunk_violations finds in each chunk of ``tail``.
    """
    private: list[str] = []
    for chunk in _CHUNK.split(tail):
        if chunk.strip():  # _chunk_violations finds nothing in a blank chunk
            banned, items = _chunk_findings(chunk, never_say)
            if banned:
                return True
            private.extend(items)
    return tuple(private)


class _Lead(NamedTuple):
    """What every draft starting with one greeting shares."""

    joinable: bool
    """Whether the greeting may be checked apart from the first sentence (else the whole draft is checked)."""
    banned: bool
    """Whether the greeting alone has a banned phrase or insult (then so has every draft it starts)."""


_LEADS: dict[str, _Lead] = {}
_MAX_LEADS = 4096  # greetings remembered (then forgotten all at once)


def _lead(lead: str) -> _Lead:
    """What ``lead`` (a greeting) is, remembered: the same few greet every author of the same name."""
    found = _LEADS.get(lead)
    if found is None:
        found = _Lead(
            _SEPARABLE and lead.endswith(_JOIN) and not _CHUNK.search(lead),
            bool(_chunk_findings(lead, ())[0]),
        )
        if len(_LEADS) >= _MAX_LEADS:
            _LEADS.clear()
        _LEADS[lead] = found
    return found


class DraftCheck:
    """``breaks_rules`` for many drafts of one mention: what they share is worked out once.

    ``DraftCheck(limit=..., never_say=..., allowed=..., source_text=...).breaks(draft, lead)`` is
    ``breaks_rules(draft, limit=..., never_say=..., allowed=..., source_text=..., lead=lead)``.
    """

    __slots__ = ("_echo", "_leaks", "_tails", "allowed", "allowed_n", "cap", "limit", "never_say", "source_text")

    def __init__(
        self, *, limit: int | None, never_say: Iterable[str] = (), allowed: Iterable[str] = (), source_text: str = ""
    ):
        self.limit = limit
        self.cap = limit if limit is not None else SOFT_LIMIT
        self.never_say = tuple(never_say)
        self.allowed = tuple(allowed)
        self.allowed_n = _lowered(self.allowed)
        self.source_text = source_text
        # the posted items _echoed looks for in a draft
        self._echo = tuple(item_n for _, item_n in _posted_private(source_text, self.allowed_n))
        self._tails = _tails_for(self.never_say)
        self._leaks: dict[tuple[str, ...], bool] = {}  # whether private items are not all allowed, by the items

    def _whole(self, draft: str) -> bool:
        return bool(
            violations(
                draft, limit=self.limit, never_say=self.never_say, allowed=self.allowed, source_text=self.source_text
            )
        )

    def _leaked(self, items: tuple[str, ...]) -> bool:
        """Whether some of ``items`` (private data in a draft) is none of the allowed names and contacts."""
        leaked = self._leaks.get(items)
        if leaked is None:
            leaked = self._leaks[items] = any(not _is_allowed(item, self.allowed_n) for item in items)
        return leaked

    def breaks(self, draft: str, lead: str = "") -> bool:
        """Whether ``violations`` finds anything in ``draft``, with ``lead`` (its greeting) checked on its own."""
        known = _lead(lead)
        join = len(lead)
        if not known.joinable or not draft.startswith(" ", join) or not draft.startswith(lead):
            return self._whole(draft)
        # the checks below only say yes or no, so their order does not change the answer
        if len(draft) > self.cap or not draft.strip() or known.banned:
            return True  # too long or empty (_limits), or a banned phrase in the greeting is one in the joined chunk
        # the draft's chunks are the rest's, the first of them joined to the lead (whose one chunk ends with the comma);
        # the rest's chunks are its first and the chunks of its tail after the first break (see _tail_verdict)
        rest = draft[join + 1 :]
        split = _CHUNK.search(rest)
        first = rest if split is None else rest[: split.start()]
        if first.strip() and _chunk_findings(first, ())[0]:
            return True  # a banned phrase or insult in the first sentence is one in the joined chunk
        if _crosses_join(lead, first, self.never_say, self.allowed_n):
            return True
        if split is not None:
            # the tail is stock sentences and the signature: its verdict is remembered (the same tails recur)
            tail = rest[split.end() :]
            verdict = self._tails.get(tail)
            if verdict is None:
                verdict = _tail_verdict(tail, self.never_say)
                if len(self._tails) >= _MAX_TAILS:
                    self._tails.clear()
                self._tails[tail] = verdict
            if verdict is True or (isinstance(verdict, tuple) and verdict and self._leaked(verdict)):
                return True
        if self._echo:  # _echoed: anything private the author posted must never come back
            lowered = _norm(draft).lower()
            return any(item_n in lowered for item_n in self._echo)
        return False
