"""What a mention is about, in words a reply can say back: the problem, its object, the question, the news."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from mentionwatch._regex import split_alternatives
from mentionwatch.replies._gate import Gated, fold, possible_in
from mentionwatch.replies.rules import PROFANITY, private_data, profanity

# Things a customer's problem is usually about. A noun here (or any noun after "my") can be said back.
_BASE_NOUNS = frozenset(
    [
        "account", "accounts", "password", "passwords", "login", "username", "profile", "order", "orders",
        "delivery", "deliveries", "parcel", "package", "packages", "shipment", "booking", "bookings", "reservation",
        "reservations", "appointment", "table", "subscription", "subscriptions", "membership", "plan", "card",
        "payment", "payments", "bill", "invoice", "charge", "refund", "app", "apps", "application", "website",
        "site", "page", "checkout", "basket", "cart", "game", "games", "server", "servers", "world", "worlds",
        "realm", "realms", "character", "save", "progress", "item", "items", "reward", "rewards", "bonus",
        "purchase", "purchases", "download", "downloads", "channel", "channels", "video", "videos", "upload",
        "uploads", "stream", "streams", "livestream", "playlist", "playlists", "song", "songs", "music", "podcast",
        "podcasts", "show", "shows", "episode", "episodes", "email", "emails", "mail", "inbox", "phone", "iphone",
        "ipad", "ipod", "laptop", "computer", "pc", "mac", "macbook", "tv", "watch", "airpods", "airpod",
        "headphones", "earbuds", "console", "disc", "discs", "screen", "battery", "charger", "mic", "microphone",
        "speaker", "speakers", "camera", "webcam", "audio", "sound", "files", "file", "folder", "folders", "data",
        "photos", "photo", "pictures", "storage", "backup", "domain", "domains", "meeting", "meetings", "call",
        "calls", "webinar", "coffee", "latte", "cappuccino", "tea", "food", "meal", "pizza", "burger", "bread",
        "sourdough", "loaf", "cake", "cakes", "pastry", "croissant", "sandwich", "salad", "soup", "drink", "drinks",
        "breakfast", "lunch", "dinner", "brunch", "dessert", "room", "rooms", "flight", "flights", "seat", "seats",
        "luggage", "baggage", "bag", "bags", "ticket", "tickets", "train", "bus", "ride", "driver", "product",
        "products", "parcel", "update", "version", "software", "program", "plugin", "feature", "features", "printer",
        "lobby", "branch", "store", "shop", "wallet", "balance", "funds", "license", "licence", "key", "trial",
        "car", "bike", "house", "wifi", "internet", "network", "signal", "connection", "service", "router", "modem",
        "prize", "prizes", "pack", "packs", "dlc", "content", "skin", "skins", "coins", "points", "credits",
        "tokens", "gift", "gifts", "theme", "themes", "edition", "copy", "premium", "pass", "garage", "penthouse",
        "vehicle", "weapon", "outfit", "clothes", "mission", "missions", "heist", "lobby", "crew", "emblem",
        "benefit", "benefits", "offer", "deal", "deals", "listing", "listings", "auction", "auctions", "seller",
        "sellers", "feature", "setting", "settings", "notification", "notifications", "contacts", "calendar",
        "thumbnail", "guide", "chat", "livestream", "tab", "library", "bun", "buns", "muffin", "muffins", "cookie",
        "cookies", "brownie", "brownies", "scone", "scones", "bagel", "bagels", "donut", "donuts", "doughnut",
        "doughnuts", "tart", "tarts", "pie", "pies", "messages", "texts", "alert", "airport", "terminal", "gate", "station", "letter", "statement", "receipt",
    ]
)
# ...and their plurals, so "croissants" and "sandwiches" are things too
def _plural(word: str) -> str:
    if word.endswith(("ch", "sh", "x", "s")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"  # "lobby" -> "lobbies", "battery" -> "batteries"
    return word + "s"


# "services" on its own names nothing a reply can say back ("reports about services into the city")
_OBJECT_NOUNS = (_BASE_NOUNS | {_plural(w) for w in _BASE_NOUNS}) - {"services"}

_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "for", "with", "from", "by",
        "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has",
        "had", "having", "i", "me", "my", "mine", "myself", "you", "your", "yours", "we", "our", "us", "they",
        "them", "their", "he", "she", "it", "its", "this", "that", "these", "those", "there", "here", "what",
        "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any", "some", "no", "not", "only",
        "own", "same", "than", "too", "very", "just", "can", "will", "would", "should", "could", "may", "might",
        "must", "shall", "also", "again", "still", "even", "ever", "now", "then", "once", "please", "pls", "plz",
        "thanks", "thank", "thx", "hi", "hello", "hey", "dear", "help", "need", "needs", "want", "wants", "get",
        "got", "getting", "make", "made", "know", "like", "really", "one", "two", "three", "new", "old", "time",
        "today", "yesterday", "day", "days", "week", "weeks", "month", "months", "year", "years", "guys", "team",
        "someone", "anyone", "everyone", "something", "anything", "everything", "way", "thing", "things", "issue",
        "issues", "problem", "problems", "question", "questions", "support", "customer", "service", "services", "hours",
        "minutes", "ago", "yet", "already", "lot", "lots", "bit", "much", "many", "more", "most", "other", "another",
        "every", "each", "about", "into", "over", "after", "before", "again", "since", "while", "because", "though",
        "although", "keep", "keeps", "kept", "try", "tried", "trying", "going", "go", "gone", "went", "come", "came",
        "see", "seen", "said", "say", "says", "tell", "told", "ask", "asked", "use", "used", "using", "work",
        "works", "worked", "working", "able", "unable", "let", "lets", "ok", "okay", "yes", "yeah", "well", "back",
        "up", "down", "out", "off", "via", "through", "without", "within", "onto", "across", "against", "per",
        "around", "till", "until", "like", "unlike", "due", "instead", "rather", "i'll", "i'm", "i've", "i'd",
        "it's", "that's", "there's", "what's", "you're", "you've", "you'll", "we're", "we've", "they're", "can't",
        "won't", "don't", "didn't", "doesn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't",
        "couldn't", "shouldn't", "wouldn't", "im", "ive", "dont", "cant", "wont", "rn", "asap", "lol", "omg", "bruh",
    ]
)

# Unsafe to say back even when it follows "my": identifiers and private details.
_NEVER_OBJECT = frozenset(
    [
        "id", "number", "name", "address", "email-address", "phone-number", "details", "info", "information",
        "gamertag", "username", "pin", "ssn", "dob", "postcode", "zip", "birthday", "husband", "wife", "boyfriend",
        "girlfriend", "son", "daughter", "kid", "kids", "mum", "mom", "dad", "brother", "sister", "family", "friend",
        "friends", "partner",
    ]
)

_ACRONYMS = frozenset({"tv", "pc", "ps4", "ps5", "ios", "gta", "psn", "mac", "dm", "pin", "wifi", "usb", "hd"})
_DISPLAY = {"iphone": "iPhone", "ipad": "iPad", "ipod": "iPod", "airpods": "AirPods", "airpod": "AirPod", "macbook": "MacBook",
            "ios": "iOS", "mac": "Mac", "wifi": "wifi", "pin": "PIN", "youtube": "YouTube", "gmail": "Gmail",
            "paypal": "PayPal", "playstation": "PlayStation", "facetime": "FaceTime", "icloud": "iCloud"}


def _gated(pattern: str, flags: int = 0) -> Gated:
    """``pattern`` compiled, its searches skipped in texts without the words it needs."""
    return Gated(re.compile(pattern, flags))


class _GateOrder:
    """A sequence of gates in order of precedence, visited only where they could match a text."""

    __slots__ = ("always", "at")

    def __init__(self, gates: Sequence[Gated]):
        #: each gate's position in the sequence
        self.at = {gate: index for index, gate in enumerate(gates)}
        #: positions of the gates searched in every text (nothing is required of them)
        self.always = [index for index, gate in enumerate(gates) if gate.always]

    def live(self, live: frozenset[Gated]) -> list[int]:
        """Positions, in order, of the gates that could match a text whose ``possible_in`` is ``live``.

        Every other gate's search would find nothing, so visiting only these (in the same order)
        gives the same first match as trying all of them: a text rarely has more than a few.
        """
        at = self.at
        return sorted([*self.always, *[at[gate] for gate in live if gate in at]])


@dataclass(frozen=True)
class Issue:
    """The problem or subject of a mention, ready to say back in a reply."""

    topic: str
    """A short topic key: ``login``, ``delivery``, ``billing``, ``app``, ``general``, ..."""
    phrase: str | None
    """A noun phrase for the problem ("your order not arriving"), or ``None`` when none was found."""
    about: str | None
    """What a question is about ("how to reset your password", "your booking"), or ``None``."""
    problem: bool
    """Whether the text describes something going wrong."""
    private: bool
    """Whether sorting it out needs the customer's private details (account, order, payment...)."""
    symptom: bool = False
    """Whether a specific symptom was recognised (crash, not arriving...), not only a vague sign of trouble."""


class _Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int


@dataclass(frozen=True)
class _Symptom:
    name: str
    pattern: re.Pattern[str]
    template: str  # "{obj}" is the object phrase, "{word}" the matched word
    default: str | None  # the object when none is found
    side: str  # where the object usually is: "before" (subject), "after", "either" or "voice" (by active/passive)
    topic: str
    bare: str | None = None  # the phrase when no object is found (None: try the next symptom)
    objects: frozenset[str] = frozenset()  # if set, only these nouns can be the object


def _s(name: str, pattern: str, template: str, default: str | None, side: str, topic: str, *, bare: str | None = None, objects: str = "") -> _Symptom:
    return _Symptom(name, re.compile(pattern, re.I), template, default, side, topic, bare, frozenset(objects.split()))


_CANT = (
    r"(?:can'?t|cant|cannot|unable to|not able to|couldn'?t|could not|won'?t let me|wont let me|doesn'?t let me|"
    r"(?:haven'?t|hasn'?t|have not|has not) been able to|(?:wasn'?t|was not|weren'?t|were not) able to|"
    r"does not let (?:me|us)|isn'?t letting (?:me|us)|not letting (?:me|us)|never able to|impossible to|no way to|"
    r"(?:don'?t|dont|doesn'?t|doesnt|won'?t|wont|not|not tryna|not trying to) (?:even )?let(?:ting)? (?:me|us))"
)
_CANT_VERBS = (
    "play|open|download|upload|install|reinstall|update|connect to|connect|find|use|add|select|change|switch|redeem|"
    "watch|see|send|receive|buy|purchase|pay for|pay|book|order|remove|delete|cancel|unsubscribe from|unsubscribe|"
    "enable|disable|activate|claim|save|export|import|print|stream|tether|join|unenroll from|unenroll|transfer|link|verify|"
    "check|view|edit|share|sync|restore|load|launch|start|set up|setup|upgrade|renew|accept|sell|complete|finish|collect|"
    "move|travel|record|hear|mute|unmute|post|comment|search|scroll|click|submit|contact|reach|call|message|email|"
    "top up|withdraw|deposit|return|exchange|track|chat|speak to|talk to|turn on|turn off|charge|pair|back up|backup|get"
)
_ACCOUNTS = (
    "account accounts email e-mail mail gmail inbox profile app game games console phone iphone ipad laptop computer pc mac "
    "channel wallet ps4 xbox website site"
)
_FOOD = (
    "coffee latte cappuccino tea food meal pizza burger bread sourdough loaf cake cakes pastry croissant sandwich salad "
    "soup drink drinks breakfast lunch dinner brunch dessert order chips fries steak chicken fish eggs toast bagel"
)

# In order of precedence: the first symptom found in the text wins.
_SYMPTOMS: tuple[_Symptom, ...] = (
    _s("hacked", r"\b(hacked|compromised)\b", "{obj} being {word}", "your account", "voice", "account"),
    _s("verification",
       r"\b(two[\s-]?step(?: verification)?|2[\s-]?step(?: verification)?|two[\s-]?factor(?: authentication| verification)?|"
       r"2[\s-]?factor(?: authentication| verification)?|2fa|verification codes?|verification|authenticator(?: app)?|"
       r"backup codes?|security questions?|otp|recovery (?:email|phone|code|question)s?)\b",
       "the trouble with {word}", None, "after", "login", bare="the trouble with {word}"),
    _s("locked", r"\b(locked (?:me )?out|(?:account|accounts|profile|phone|iphone|ipad|it|i'?m|i am|i was|i've been|got|been|is|was) locked)\b",
       "being locked out of {obj}", "your account", "after", "login"),
    _s("intruder",
       r"\b((?:someone|somebody|some one|a stranger|strangers)\s+(?:is\s+|has\s+|has\s+been\s+|keeps\s+|was\s+|just\s+)?(?:trying to |tried to )?"
       r"(?:log(?:ged|ging|s)?|sign(?:ed|ing|s)?|got|get(?:ting|s)?|break(?:ing|s)?|access(?:ed|ing)?|us(?:ed|ing))\s*(?:in|into|in to)?)\b",
       "someone getting into {obj}", "your account", "after", "account"),
    _s("suspended",
       r"\b(suspended|banned|terminated|terminate|disabled|deactivated|restricted|demonetized|demonetised|shadowbanned|"
       r"(?:been|was|got|is|were|being) blocked)\b",
       "{obj} being {word}", "your account", "voice", "account"),
    _s("login",
       r"(?:" + _CANT + r"\s+(?:\w+\s+){0,2}?(log\s?in(?:to)?|login(?: to)?|sign\s?in(?:to)?|access|get (?:back )?in(?:to)?|recover|reset)|"
       r"(?:won'?t|wont|doesn'?t|does not|will not|not|isn'?t) (?:even )?let(?:ting)? (?:me|us) (in|log ?in|sign ?in))\b",
       "not being able to {word} {obj}", "your account", "after", "login", objects=_ACCOUNTS),
    _s("login_trouble",
       r"\b(?:trouble|problems?|issues?|difficult(?:y|ies)|help|stuck)\s+(?:with\s+)?(logging in(?:to)?|log in(?:to)?|login|signing in(?:to)?|sign in|recovering|accessing)\b",
       "the trouble {word} {obj}", "your account", "after", "login"),
    _s("account_back",
       r"\b(?:get|getting|got|recover|recovering)\s+(?:my|an|the|our|her|his|their)\s+(account|accounts|email|profile|channel)\s+back\b",
       "getting your {word} back", None, "after", "login", bare="getting your {word} back"),
    _s("password",
       r"\b(?:forgot(?:ten)?|lost|reset(?:ting)?|changed?|wrong|remember|recover|don'?t know)\b[^.?!\n]{0,25}?\b(password|passcode|pin)\b",
       "resetting your {word}", None, "after", "login", bare="resetting your {word}"),
    _s("outage",
       r"\b(outage|outages|service loss|loss of service|no service|lost service|servers? (?:are |is |were |was )?down|(?:are|is) (?:you|it|\w+) down|down (?:right now|rn|again|today)|"
       r"services? (?:are |is )?(?:down|unavailable))\b",
       "{word}", None, "either", "connection", bare="{word}"),
    _s("crash", r"\b(crash(?:es|ed|ing)?|freez(?:es|ing)|froze|frozen)\b", "{obj} {word}", "the app", "before", "app"),
    _s("not_received",
       r"\b(hasn'?t (?:arrived|come|shown up|turned up)|has not arrived|never (?:arrived|came|showed up|turned up|received|got|delivered)|"
       r"not arriv(?:ed|ing)|didn'?t (?:receive|get|got|arrive|come|turn up)|did not (?:receive|get|arrive)|haven'?t (?:received|got(?:ten)?)|"
       r"have not received|yet to receive|not (?:received|receiving|getting|delivered)|wasn'?t delivered|still waiting (?:for|on)|where is my|wheres my)\b",
       "{obj} not arriving", None, "voice", "delivery", bare="it not arriving"),
    _s("spam", r"\b(spam|spammed|spamming|scam|scams|scammed|scammer|scammers|phishing|fraud|fraudulent)\b", "the {word}", None,
       "either", "security", bare="the {word}"),
    _s("charged_twice", r"\b(double[\s-]charged|charged (?:me )?twice|charged (?:me )?double|overcharged|over-charged)\b",
       "being {word}", None, "either", "billing", bare="being {word}"),
    _s("auto_renew", r"\b(auto[\s-]?renew\w*|automatically renew\w*|renewed without|charging me without|charged me without)\b",
       "the automatic renewal charge", None, "either", "billing", bare="the automatic renewal charge"),
    _s("cant_do", _CANT + r"\s+(?:i\s+|we\s+)?(?:even\s+|seem to\s+|figure out how to\s+|get it to\s+)?(" + _CANT_VERBS + r")\b",
       "not being able to {word} {obj}", None, "after", "app", bare="not being able to {word} it"),
    _s("nothing", r"\bnothing (syncs|works|loads|updates|opens|plays|downloads|uploads|shows|saves|sends)\b", "nothing {word}", None, "either", "app",
       bare="nothing {word}"),
    _s("drain", r"\b(drain(?:s|ing|ed)?|dies|dying|overheat(?:s|ing)?|over-heat(?:s|ing)?)\b", "{obj} {word}", "your battery", "before", "device"),
    _s("stuck", r"\b(stuck|hangs|hanging|spinning|keeps? loading|stays? loading)\b", "{obj} getting stuck", None, "before", "app",
       bare="it getting stuck"),
    _s("not_working",
       r"\b(not working|doesn'?t work|does not work|don'?t work|isn'?t working|aren'?t working|won'?t work|wont work|stopped working|"
       r"(?:hasn'?t|haven'?t|has not|have not) been working|no longer works?|not work|broken|didn'?t work|did not work|"
       r"nothing happens|"
       r"won'?t (?:load|open|connect|play|start|sync|change|update|install|download|accept|charge|turn on|boot|launch|read|pair)|"
       r"not (?:loading|opening|connecting|playing|showing|syncing|updating|responding)|"
       r"doesn'?t (?:load|open|connect|play|show|sync|respond)|fail(?:s|ed|ing)? to (?:load|open|connect|work|start|sync|install|update)|"
       r"keeps? failing|refuses to \w+|unplayable|unusable|unavailable|nothing happens|something went wrong|went wrong|buffering|"
       r"interruptions?|interuptions?|keeps? (?:pausing|stopping|dropping|cutting out|restarting)|cuts? out|acting up|acting weird|"
       r"disconnect(?:s|ed|ing)?|(?:is|are|was|were|been|goes|went) down)\b",
       "{obj} not working", None, "before", "app", bare="what's not working"),
    _s("quoted",
       r"\b(?:it|app|screen|page|site|website|game|message|error|box|window|popup|pop-up|checkout|this|that)\s+(?:just\s+|keeps?\s+|still\s+)?"
       r"(?:says|saying|shows|showing|reads|pops up with|comes up with)\s*:?\s*[\"“]([^\"”\n]{3,50})[\"”]",
       "the \"{word}\" message", None, "either", "app", bare="the \"{word}\" message"),
    _s("error", r"\b(error|errors|errror|err|bug|bugged|buggy|glitch|glitches|glitched|glitching)\b", "the {word} with {obj}", None, "either", "app",
       bare="the {word} you ran into"),
    _s("refund", r"\b(refund|refunds|refunded|refunding|money back)\b", "the trouble with your refund", None, "either", "refund",
       bare="the trouble with your refund"),
    _s("cancelled", r"\b(cancell?ed|cancell?ation)\b", "{obj} being cancelled", None, "voice", "cancel", bare="the cancellation"),
    _s("charged", r"\b(charged|billed|billing|charges|charging|fee|fees)\b", "the {word} for {obj}", None, "after", "billing", bare="the {word}"),
    _s("rude",
       r"\b(rude|rudely|unfriendly|impolite|dismissive|condescending|unhelpful|attitude|yelled|shouted|snapped|ignored me|disrespectful)\b",
       "the way you were treated", None, "either", "staff", bare="the way you were treated"),
    _s("quality",
       r"\b(stale|cold|lukewarm|burnt|burned|undercooked|overcooked|soggy|bland|mouldy|moldy|tasteless|inedible|rancid|disgusting|"
       r"watery|greasy|gone off)\b",
       "{obj} being {word}", None, "either", "quality", objects=_FOOD),
    _s("damaged",
       r"\b(damaged|defective|faulty|cracked|smashed|scratched|dented|torn|leaking|leaky|shattered|dead on arrival)\b",
       "{obj} being {word}", None, "voice", "quality", bare="the damage"),
    _s("wrong", r"\bwrong\s+(order|item|items|size|colou?r|product|food|drink|dish|meal|address|change|amount|bill|one|parcel|package)\b",
       "getting the wrong {word}", None, "after", "order", bare="getting the wrong {word}"),
    _s("lost", r"\b(lost|missing|disappeared|disappear|disappears|vanished|wiped|is gone|are gone|was gone|were gone|it'?s gone|its gone|now gone|all gone|"
       r"(?:is|it'?s|its|was) not there|isn'?t there|wasn'?t there|not in my \w+)\b",
       "{obj} going missing", None, "voice", "lost", bare=None),
    _s("slow", r"\b(so slow|too slow|very slow|really slow|slow|slower|slowly|slowdown|slow down|cumbersome|clunky|takes? (?:ages|forever)|took (?:ages|forever)|laggy|lagging)\b",
       "{obj} being so slow", None, "before", "speed", bare="how slow it's been"),
    _s("late", r"\b(late|delayed|delay|delays)\b", "{obj} being late", None, "before", "delivery", bare="the delay"),
    _s("on_hold", r"\b(on hold)\b", "being kept on hold", None, "either", "wait", bare="being kept on hold"),
    _s("no_reply",
       r"\b(no (?:reply|response|answer)|no one (?:answers|replies|responds|gets back|seems)|nobody (?:answers|replies|responds|helps|seems)|"
       r"never (?:got|heard|received)(?: a| any)? (?:back|response|reply|answer)|haven'?t heard back|hasn'?t been responded|"
       r"still (?:no reply|no response|no answer|haven'?t heard)|ignor(?:e|ed|es|ing) (?:me|us|my)|got denied|on hold)\b",
       "not getting an answer from us", None, "either", "support", bare="not getting an answer from us"),

    _s("bad_service",
       r"\b((?:your|the|ur) (?:customer )?(?:service|support|app|website|site|internet|wifi|signal|connection) (?:is|was|has been) "
       r"(?:so |really |very |truly |just )?(?:bad|terrible|awful|poor|horrible|useless|appalling|atrocious|dreadful))\b",
       "{word} you've had from us", None, "either", "support", bare="{word} you've had from us"),
    _s("bad_support",
       r"\b((?:terrible|awful|bad|poor|worst|horrible|useless|pathetic|non-existent|nonexistent|no|zero|lousy)\s+(?:customer\s+)?(?:support|service|help|communication))\b",
       "{word} you've had from us", None, "either", "support", bare="{word} you've had from us"),
    _s("wrong_with", r"\b((?:something|anything|what'?s|what is|is there something) wrong with)\b", "what's wrong with {obj}", None, "after", "app"),
    _s("going_on", r"\b((?:what'?s|what is|what the hell is|what on earth is) (?:going on|happening|up) with)\b", "what's going on with {obj}", None, "after", "app"),
    _s("problem_with",
       r"\b((?:problem|problems|issue|issues|trouble|troubles|beef|complaint|difficulty|difficulties)\s+(?:is\s+|was\s+|i have\s+|i'm having\s+)?(?:with|of|about|regarding))\b",
       "the trouble with {obj}", None, "after", "general"),
    _s("noun_problem", r"\b([a-z]+(?: [a-z]+)?) (?:problem|problems|issue|issues|glitch|bug)\b", "the {word} problem", None, "either", "general",
       bare="the {word} problem"),
    _s("wait", r"\b(?<!can't )(?<!cannot )(?<!cant )(waited|been waiting|waiting (?:for|since|over|ages|hours|days|weeks)|long wait|wait time|queue|queued|queuing)\b",
       "the long wait", None, "either", "wait", bare="the long wait"),
    _s("still_not",
       r"\b(still (?:don'?t|do not|doesn'?t|haven'?t|have not|hasn'?t|has not|not|no|can'?t|cannot|isn'?t|aren'?t|nothing|waiting))\b",
       "the trouble with {obj}", None, "either", "general"),
    _s("keep_getting", r"\b(keeps? (?:on )?getting|keeps? (?:on )?receiving)\b", "{obj} you keep getting", None, "after", "general"),
    _s("removed", r"\b(removed|remove|got rid of|get rid of|took away|taken away|take away)\b", "losing {obj}", None, "after", "app"),
    _s("gouging", r"\b(price[\s-]?gouging|price[\s-]?gougers?|gouging|profiteering|overpriced|rip[\s-]?off|too expensive|so expensive)\b",
       "the {word} you've flagged", None, "either", "price", bare="the {word} you've flagged"),
    _s("dirty", r"\b(dirty|filthy|unclean|smelly|noisy|too loud)\b", "{obj} being {word}", "the place", "either", "cleanliness"),
    _s("claim", r"\b(copyright claims?|copyright strikes?|copyright|content id|claimed by)\b", "the {word} on {obj}", "your video", "either", "content"),
    _s("monetization", r"\b(monetization|monetisation|monetize|monetise|adsense)\b", "monetisation on {obj}", "your channel", "either", "content"),
)

_SYMPTOM_GATES = tuple(Gated(symptom.pattern) for symptom in _SYMPTOMS)
_SYMPTOM_ORDER = _GateOrder(_SYMPTOM_GATES)

_WORD_FORMS: dict[str, dict[str, str]] = {
    "login": {"in": "get into", "login": "log into", "log in": "log into", "login to": "log into", "sign in": "sign into", "signin": "sign into",
              "get in": "get into", "get back in": "get back into", "login into": "log into", "log into": "log into"},
    "login_trouble": {"login": "logging into", "log in": "logging into", "logging in": "logging into", "sign in": "signing into",
                      "signing in": "signing into", "log into": "logging into", "logging into": "logging into", "signing into": "signing into"},
    "charged_twice": {"overcharged": "overcharged", "over-charged": "overcharged", "charged me twice": "charged twice",
                      "charged me double": "charged double", "double charged": "double-charged"},
    "crash": {"crash": "crashing", "crashes": "crashing", "crashed": "crashing", "freezes": "freezing", "froze": "freezing", "frozen": "freezing"},
    "gouging": {"price gouging": "price gouging", "gouging": "price gouging", "price gougers": "price gouging",
                "pricegougers": "price gouging", "price gouger": "price gouging", "pricegouger": "price gouging",
                "pricegouging": "price gouging", "overpriced": "pricing", "rip off": "pricing", "rip-off": "pricing",
                "ripoff": "pricing", "too expensive": "pricing", "so expensive": "pricing"},
    "spam": {"spammed": "spam", "spamming": "spam", "scammed": "scam", "fraudulent": "fraud"},
    "error": {"errors": "error", "errror": "error", "err": "error", "bugged": "bug", "buggy": "bug", "glitches": "glitch", "glitched": "glitch",
              "glitching": "glitch"},
    "charged": {"charges": "charge", "charged": "charge", "billed": "charge", "billing": "billing", "charging": "charge"},
    "password": {"pin": "PIN"},
    "quality": {"gone off": "off", "burned": "burnt"},
    "claim": {"copyright claims": "copyright claim", "copyright strikes": "copyright strike", "copyright": "copyright claim",
              "content id": "Content ID claim", "claimed by": "claim"},
    "wrong": {"color": "colour"},
    "stuck": {"hangs": "stuck", "hanging": "stuck", "spinning": "stuck", "keeps loading": "stuck", "keep loading": "stuck",
              "stays loading": "stuck", "stay loading": "stuck"},
    "suspended": {"been blocked": "blocked", "was blocked": "blocked", "got blocked": "blocked", "is blocked": "blocked",
                  "were blocked": "blocked", "being blocked": "blocked"},
    "lost": {"is gone": "gone", "are gone": "gone", "was gone": "gone", "were gone": "gone", "it's gone": "gone", "its gone": "gone",
             "now gone": "gone", "all gone": "gone"},
    "outage": {"service loss": "the loss of service", "loss of service": "the loss of service", "lost service": "the loss of service",
               "no service": "having no service"},
    "nothing": {"syncs": "syncing", "works": "working", "loads": "loading", "updates": "updating", "opens": "opening", "plays": "playing",
                "downloads": "downloading", "uploads": "uploading", "shows": "showing up", "saves": "saving", "sends": "sending"},
    "drain": {"drain": "draining", "drains": "draining", "drained": "draining", "dies": "dying", "overheats": "overheating",
              "over-heats": "overheating", "over-heating": "overheating"},
}


def _normalise_word(name: str, word: str) -> str | None:
    if name == "quoted":
        word = word.strip(" .,!?:;'")
        words = word.split()
        if not 1 <= len(words) <= 8 or not any(_safe_word(w.strip(".,!?")) for w in words) or private_data(word):
            return None  # too long to quote back, or nothing in it we can say
        return word
    if name == "outage" and not word.startswith(("the ", "having ")):
        return "the outage"  # "servers down", "is it down": one outage; "service loss" is said back in its own words
    if name == "verification":
        word = re.sub(r"^(?:two|2)[\s-]?step(?: verification)?$", "two-step verification", word)
        word = re.sub(r"^(?:two|2)[\s-]?factor(?: authentication| verification)?$|^2fa$", "two-factor verification", word)
        word = {"otp": "the OTP", "verification": "verification", "authenticator": "the authenticator app",
                "authenticator app": "the authenticator app"}.get(word, word)
        if word.startswith(("backup", "security", "recovery", "verification code")):
            word = "your " + word
    if name == "login_trouble" and not word.endswith("into") and word in ("recovering", "accessing"):
        return word
    if name == "cant_do":
        if word in ("log", "sign", "login", "access", "recover", "reset"):
            return None  # handled as a login problem, or too vague to say back
        if not _safe_word(word.split()[0]) and word.split()[0] not in ("use", "find", "play", "open", "add", "pay", "buy", "get"):
            return None
    if name == "bad_service":
        words = word.split()
        noun = words[2] if words[1] == "customer" else words[1]
        adjective = words[-1]
        return f"the {'poor' if adjective == 'useless' else adjective} {noun}"
    if name == "bad_support":
        adjective, _, noun = word.partition(" ")
        if adjective in ("no", "zero", "non-existent", "nonexistent"):
            return None if not noun else f"the lack of {noun}"
        return f"the {'poor' if adjective in ('worst', 'useless', 'pathetic', 'lousy') else adjective} {noun}"
    if name == "noun_problem":
        words = [w for w in word.split() if _safe_word(w) and w not in _GENERIC_VERBS and w not in ("having", "had", "big", "huge", "major", "serious", "real", "same", "weird", "strange", "small", "little")]
        return " ".join(words) if words and words == word.split()[-len(words):] else None
    if name == "password" and word not in ("password", "passcode", "PIN"):
        word = "password"
    return word


# Neutral subjects of questions: said back as "about {about}".
_SUBJECTS: tuple[tuple[Gated, str, str, bool], ...] = (
    (_gated(r"\b(?:opening hours|open(?:ing)? times|what time|when (?:do|are) you (?:open|close)|(?:are|is) (?:you |they |it |\w+ )?(?:open|closed)|open on|open (?:today|tomorrow|late|now|again)|opening back up)\b", re.I), "our opening hours", "hours", False),
    (_gated(r"\b(?:price|prices|pricing|how much|cost|costs)\b", re.I), "our prices", "price", False),
    (_gated(r"\b(?:menu|vegan|vegetarian|gluten|allergens?|dairy)\b", re.I), "the menu", "menu", False),
    (_gated(r"\b(?:parking|directions|where are you|(?<!email )(?<!e-mail )address|location)\b", re.I), "finding us", "location", False),
    (_gated(r"\b(?:book(?:ing)?|reserv(?:e|ation)|appointment)\b", re.I), "booking", "booking", True),
    (_gated(r"\b(?:deliver|delivery|shipping|ship)\b", re.I), "delivery", "delivery", True),
    (_gated(r"\b(?:refund|return)\b", re.I), "returns and refunds", "refund", True),
)
_SUBJECT_ORDER = _GateOrder([pattern for pattern, *_ in _SUBJECTS])

_PRIVATE_TOPICS = frozenset({"account", "login", "delivery", "billing", "refund", "order", "cancel", "lost", "booking", "security"})
_PRIVATE_OBJECTS = frozenset(
    [
        "account", "accounts", "password", "order", "orders", "delivery", "parcel", "package", "booking",
        "reservation", "subscription", "membership", "card", "payment", "bill", "invoice", "charge", "refund",
        "purchase", "purchases", "wallet", "balance", "funds", "email", "inbox", "license", "licence",
    ]
)

# Question clauses said back: "how do I reset my password" -> "how to reset your password".
_QUESTION_CLAUSES: tuple[tuple[Gated, str], ...] = (
    (_gated(r"\bhow (?:do|can|could|would|should|will) (?:i|we)\s+([^?.!\n]+)", re.I), "how to {0}"),
    (_gated(r"\bhow to\s+([^?.!\n]+)", re.I), "how to {0}"),
    (_gated(r"\bhow (?:do|does|can|would|should) (?:you|one|someone|people)\s+([^?.!\n]+)", re.I), "how to {0}"),
    (_gated(r"\bwhat (?:kind|type|sort) of\s+([^?.!\n]+?)\s+(?:are|is|do|does|will|can|would)\b", re.I), "{0}"),
    (_gated(r"\b(?:are you going to|will you|would you|when will you|do you plan to|are you planning to|can you|could you)\s+(?:please\s+|pls\s+|guys\s+)?"
                r"((?:release|add|bring back|bring|launch|support|restock|stock|open|reopen|close|give out|give|offer|provide|put up|make|allow|let)\s+[^?.!\n]+)", re.I), "{ing}"),
    (_gated(r"\bany (?:idea|ideas|news|update|word) (?:on|about|when|if|whether|of)\s+([^?.!\n]+)", re.I), "{0}"),
    (_gated(r"\bis there (?:a|any|any other) ?way (?:to|for me to|i can|we can)\s+([^?.!\n]+)", re.I), "a way to {0}"),
    (_gated(r"\bis it possible (?:to|for me to)\s+([^?.!\n]+)", re.I), "whether you can {0}"),
    (_gated(r"\b(?:can|could|may) (?:i|we)\s+([^?.!\n]+)", re.I), "whether you can {0}"),
    (_gated(r"\bwhere (?:can|do|should) (?:i|we)\s+([^?.!\n]+)", re.I), "where to {0}"),
    (_gated(r"\bwhat (?:should|do|can) (?:i|we) do (?:about|with)\s+([^?.!\n]+)", re.I), "what to do about {0}"),
    (_gated(r"\bwhere (?:are|is|r) ((?:the|my|our) [^?.!\n]+)", re.I), "{0}"),
    (_gated(r"\bwhat happens to\s+([^?.!\n]+)", re.I), "what happens to {0}"),
    (_gated(r"\bneed (?:some )?help (?:with|on|for)\s+([^?.!\n]+)", re.I), "{0}"),
    (_gated(r"\b(?:please|pls|plz),? (?:allow|let (?:us|me))\s+([^?.!\n]+)", re.I), "allowing {0}"),
    (_gated(r"\b(?:please|pls|plz),? (?:add|bring back|give (?:us|me)|provide)\s+([^?.!\n]+)", re.I), "adding {0}"),
    (_gated(r"\bstop (?:the |your |all (?:the )?)?([a-z][^?.!\n,]+)", re.I), "{0}"),
    (_gated(r"\b(?:can|could|would|will) (?:you|u|y'all|you guys) (?:please |pls |plz )?add\s+([^?.!\n]+)", re.I), "adding {0}"),
    (_gated(r"\b(?:can|could|would|will) (?:you|u|y'all|you guys) (?:please |pls |plz )?(?:get|put up|put|bring back|release)\s+([^?.!\n]+)", re.I), "getting {0}"),
    (_gated(r"\bhelp (?:me|us) (?:to )?((?:log|sign|get|set|find|fix|change|reset|recover|cancel|move|transfer|update|open|install|connect)\b[^?.!\n]+)", re.I),
     "how to {0}"),
)
_QUESTION_ORDER = _GateOrder([pattern for pattern, _ in _QUESTION_CLAUSES])
# Asking how to reach us says nothing about the problem itself: "how do I contact your team to help me log in".
_CONTACT_VERBS = frozenset(["contact", "reach", "talk", "speak", "call", "message", "email", "get in touch", "dm"])
_ING = {"release": "releasing", "add": "adding", "bring": "bringing", "launch": "launching", "support": "supporting",
        "restock": "restocking", "stock": "stocking", "open": "opening", "reopen": "reopening", "close": "closing",
        "give": "giving", "offer": "offering", "provide": "providing", "put": "putting", "make": "making", "allow": "allowing",
        "let": "letting"}
_TRAILING = frozenset(["on", "in", "with", "for", "from", "to", "at", "of", "the", "a", "an", "my", "this", "that", "and", "or", "but", "so", "like", "via"])
_GENERIC_VERBS = frozenset(["fix", "solve", "resolve", "sort", "handle", "deal", "contact", "reach", "talk", "speak", "happen", "happens", "happened", "stop", "it", "this", "that"])
_CLAUSE_END = re.compile(r"\s+(?:when|but|because|since|as|so|and then|though|although|if|while|cause|cuz|bc|or|thanks|thank|please|pls|lol|that|who|like|without having)\b.*$|[,;:(\"].*$", re.I)
_SWAP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're", "im": "you're",
    "i've": "you've", "ive": "you've", "i'd": "you'd", "i'll": "you'll", "we": "you", "us": "you", "our": "your",
    "ours": "yours", "ourselves": "yourselves", "am": "are",
}

# A customer's own news, not about the business.
_BAD_NEWS: tuple[tuple[Gated, str], ...] = (
    (_gated(r"\b(?:passed away|died|funeral|lost my (?:mum|mom|dad|father|mother|grandma|grandad|grandpa|grandmother|grandfather|dog|cat|friend|husband|wife|brother|sister|son|daughter))\b", re.I), "your loss"),
    (_gated(r"\b(?:laid off|lost my job|got fired|been fired|made redundant|redundancy)\b", re.I), "your job"),
    (_gated(r"\b(?:in hospital|in the hospital|hospitali[sz]ed|surgery|unwell|sick|ill|flu|covid|injured|broke my (?:arm|leg|wrist|ankle))\b", re.I), "you being unwell"),
    (_gated(r"\b(?:broke up|break[- ]?up|divorce|dumped)\b", re.I), "the breakup"),
    (_gated(r"\b(?:rough|bad|terrible|awful|long|hard|tough|horrible) (?:day|week|morning|night|year)\b", re.I), "the {0}"),
    (_gated(r"\b(?:stressed|exhausted|burnt out|burned out|anxious|lonely|heartbroken|sad|down today)\b", re.I), "how you're feeling"),
)
_GOOD_NEWS: tuple[tuple[Gated, str], ...] = (
    (_gated(r"\b(?:my|our|it'?s my|it is my) birthday\b|\bbday\b", re.I), "your birthday"),
    (_gated(r"\bgot engaged\b|\bengaged\b|\bengagement\b", re.I), "your engagement"),
    (_gated(r"\b(?:got married|wedding|just married)\b", re.I), "the wedding"),
    (_gated(r"\b(?:new baby|had a baby|baby (?:boy|girl)|pregnant|expecting)\b", re.I), "the baby news"),
    (_gated(r"\b(?:got the job|new job|got a job|hired|promotion|promoted)\b", re.I), "the new job"),
    (_gated(r"\b(?:graduat\w*|passed my (?:exam|exams|test|driving test)|got my degree)\b", re.I), "your achievement"),
    (_gated(r"\b(?:anniversary)\b", re.I), "your anniversary"),
    (_gated(r"\b(?:new (?:house|home|flat|apartment)|moved in|got the keys)\b", re.I), "the new home"),
    (_gated(r"\b(?:retire[sd]?|retirement)\b", re.I), "your retirement"),
    (_gated(r"\b(?:won|winning|we did it|finished my first|ran my first|marathon)\b", re.I), "your big day"),
)


class _AnySign:
    """``\\b(?:a|b|...)\\b`` (ignoring case), asked only whether it matches somewhere in a text.

    A match of the whole is a match of one alternative (with the same ``\\b`` around it), so each
    alternative is a gate of its own and only those that could match are searched: one literal
    word is found far faster than by trying a long alternation at every position of the text.
    """

    __slots__ = ("gates", "order", "pattern")

    def __init__(self, alternatives: str):
        #: the whole pattern (for reference: what ``in_text`` answers about)
        self.pattern = re.compile(rf"\b(?:{alternatives})\b", re.I)
        self.gates = tuple(_gated(rf"\b(?:{part})\b", re.I) for part in split_alternatives(alternatives))
        self.order = _GateOrder(self.gates)

    def in_text(self, text: str, live: frozenset[Gated]) -> bool:
        """``bool(self.pattern.search(text))``, where ``live`` is ``possible_in(text)``."""
        gates = self.gates
        return any(gates[index].find(text) for index in self.order.live(live))


# Something is wrong, even when no specific symptom was recognised (the drafter's own cues).
_WEAK_TROUBLE = _AnySign(
    r"doesn'?t|doesnt|didn'?t|didnt|hasn'?t|haven'?t|isn'?t|aren'?t|don'?t|dont|wont|does not|do not|did not|is not|"
    r"are not|has not|have not|was not|were not|will not|wasn'?t|weren'?t|won'?t|stop|stopped"
)
_TROUBLE = _AnySign(
    r"problem|problems|issue|issues|trouble|struggl\w*|broke|not a single|not on my|not in my|not showing|no longer|"
    r"acting up|acting weird|idk what to do|what do i do|what should i do|difficult(?:y|ies)|"
    r"still (?:not|no|nothing|can'?t|cannot|don'?t|doesn'?t|haven'?t|hasn'?t|isn'?t|waiting|appears|shows|says|telling|saying|showing|getting)|"
    r"started (?:after|when|since|happening)|since (?:the|i|my) (?:update|updated)|"
    r"can'?t(?! wait)|cant(?! wait)|cannot|couldn'?t|never|again|anymore|any more|ridiculous|ludicrous|"
    r"unacceptable|annoying|annoyed|frustrat\w*|disappoint\w*|angry|upset|fed up|tired of|sick of|terrible|awful|"
    r"horrible|worst|refus\w*|none of|tired of|nothing (?:works|happened|happens)|why (?:is|are|isn'?t|can'?t|won'?t|did|does|do|would)|"
    r"wtf|smh|ugh|help!|urgent|asap"
)

_POSITIVE_CUE = _gated(
    r"\b(love[ds]?|loving|amazing|awesome|great|best|delicious|fantastic|excellent|perfect|wonderful|brilliant|beautiful|"
    r"incredible|outstanding|superb|lovely|favou?rite|thanks?|thank you|kind|friendly|helpful|quick|fast|yummy|tasty)\b",
    re.I,
)

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:-[A-Za-z0-9]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]+|\s(?:but|however|although|though)\s", re.I)


_CONTRACTIONS = {
    "havnt": "haven't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "didnt": "didn't", "dont": "don't",
    "doesnt": "doesn't", "cant": "can't", "wont": "won't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "werent": "weren't", "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "aint": "ain't",
}
_NO_APOSTROPHE = re.compile(r"(?i)\b(?:" + "|".join(_CONTRACTIONS) + r")\b")


_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\bhttps?:\s*//\S+")
_LEADING_HANDLES = re.compile(r"(?:^|(?<=\n))(?:\s*[.]?@[\w.]+(?:@[\w.-]+)?[,:]?)+")
_FEDIVERSE_HANDLE = re.compile(r"(?<![\w@])@([\w.]+)@[\w.-]+")
_HANDLE = re.compile(r"(?<![\w@])@(\w+)")
# a hashtag's "#" (one followed by a word character): taking it out keeps the tag's word, as
# re.sub(r"#(\w+)", r"\1", text) does (a tag never holds "#", so the same ones are found)
_HASHTAG_MARK = re.compile(r"#(?=\w)")
_CAN_NOT = re.compile(r"(?i)\bcan not\b")
_BLANKS = re.compile(r"[ \t]+")
# Whether _NO_APOSTROPHE matches somewhere, for lower-cased ASCII text: each contraction ends in "nt", so
# this looks for "nt" ending a word (quick: a literal start) and then for a contraction ending there
_NO_APOSTROPHE_LOWER = re.compile(r"nt\b(?:" + "|".join(rf"(?<=\b{word})" for word in _CONTRACTIONS) + ")")


@lru_cache(maxsize=64)
def clean_for_matching(text: str) -> str:
    """Text without links, @mentions, hashtags' # and HTML entities, with plain apostrophes."""
    # each substitution is skipped when the text lacks what every one of its matches contains
    # ("’" or "‘" (not ASCII), "&", "http" or "www.", "@", two "@" for a fediverse handle, "#",
    # "can not", a contraction without its apostrophe, two blanks in a row)
    if not text.isascii():
        text = text.replace("’", "'").replace("‘", "'")
    if "&" in text:
        text = text.replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<")
    lowered = text.lower()
    changed = False
    if "http" in lowered or "www." in lowered:
        text = _LINK.sub(" ", text)
        changed = True
    if "@" in text:
        # leading @handles address the business; one inside a sentence names something ("my @ATT email", "add @OANN")
        text = _LEADING_HANDLES.sub(" ", text)
        if text.count("@") > 1:
            text = _FEDIVERSE_HANDLE.sub(r"\1", text)
        if "@" in text:
            text = _HANDLE.sub(lambda m: "" if any(c.isdigit() for c in m.group(1)) else m.group(1), text)
        changed = True
    if "#" in text:
        text = _HASHTAG_MARK.sub("", text)
        changed = True
    if changed:
        lowered = text.lower()
    if "can not" in lowered:
        text = _CAN_NOT.sub("cannot", text)
        lowered = text.lower()
    # on ASCII text, a case-sensitive look in the lower-cased text says whether there is anything to replace
    if "nt" in lowered and (not text.isascii() or _NO_APOSTROPHE_LOWER.search(lowered)):
        # fold, not lower: under (?i) "ſ" matches "s" and "K" (Kelvin) "k", and the table knows only the plain letters
        text = _NO_APOSTROPHE.sub(lambda m: _CONTRACTIONS[fold(m.group(0))], text)
    if "  " in text or "\t" in text:  # else every run of blanks is one space, replaced by itself
        text = _BLANKS.sub(" ", text)
    return text.strip()


_new_token = tuple.__new__


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[_Token, ...]:
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        start, end = m.span()
        tokens.append(_new_token(_Token, (word, word.lower(), start, end)))  # a _Token, built without the slow path
    return tuple(tokens)


@lru_cache(maxsize=4096)
def _safe_word(word: str) -> bool:
    low = word.lower()
    return (
        word.isascii()
        and low not in PROFANITY
        and low not in _STOP
        and low not in _NEVER_OBJECT
        and not low.endswith("'s")
        and not private_data(word)
        and not any(ch.isdigit() for ch in low.replace("ps4", "").replace("ps5", "").replace("rdr2", ""))
        and 2 <= len(word) <= 20
    )


def _display(word: str) -> str:
    low = word.lower()
    if low in _DISPLAY:
        return _DISPLAY[low]
    if low in _ACRONYMS:
        return word.upper()
    if low in _OBJECT_NOUNS:
        return low
    if word.isupper() and len(word) > 4:
        return low
    return word


class _Span(NamedTuple):
    phrase: str
    start: int
    end: int


_DETERMINERS = {"my": "your", "our": "your", "your": "our", "ur": "our", "the": "the", "this": "the", "that": "the",
                "these": "the", "those": "the", "any": "any", "a": "a", "an": "an", "some": "some"}
_SPAN_DETERMINERS = {**_DETERMINERS, "any": "the"}
_MODIFIERS = frozenset({"new", "old", "first", "second", "whole", "entire", "main", "latest"})
_NOT_HEAD = frozenset({"own", "only", "best", "little", "favourite", "favorite", "other", "last", "next"})


_SPAN_OPENERS = frozenset({"my", "our", "your", "ur", "the", "this", "that", "these", "those", "any"})
#: the words ``_object_spans`` starts a phrase at: a determiner, or an object noun that is not profane
_SPAN_STARTS = _SPAN_OPENERS | (frozenset(_OBJECT_NOUNS) - frozenset(PROFANITY))


class _Words(NamedTuple):
    """A text's tokens as lists made in C (cheaper than a ``_Token`` each): what ``_object_spans`` reads."""

    text: list[str]
    low: list[str]
    seps: list[str]
    """``seps[k]``: the text between token ``k - 1`` and token ``k`` (``seps[0]``: before the first)."""
    bounds: list[int]
    """``bounds[2 * k]`` and ``bounds[2 * k + 1]``: where token ``k`` starts and ends."""


# _TOKEN as one group: splitting on it gives the text between tokens and the tokens, in turn
_TOKEN_PARTS = re.compile(f"({_TOKEN.pattern})")


def _words(text: str) -> _Words:
    """The tokens of ``text``, as ``_tokens`` finds them."""
    parts = _TOKEN_PARTS.split(text)  # [before, token, between, token, ..., after]
    words = parts[1::2]
    return _Words(words, list(map(str.lower, words)), parts[0::2], list(accumulate(map(len, parts))))


def _ends_a_name(words: _Words, k: int) -> bool:
    """Whether token ``k`` ends a name joined by "and" or "&" ("Marks & Spencer", "Juniper and Rye")."""
    if re.fullmatch(r"\s*&\s*", words.seps[k]) and words.text[k - 1][:1].isupper():
        return True
    return words.low[k - 1] == "and" and k >= 2 and words.text[k - 2][:1].isupper()


@lru_cache(maxsize=256)
def _spans(text: str) -> tuple[_Span, ...]:
    """The object phrases of ``text`` (remembered: the same sentence is looked at for several symptoms)."""
    return tuple(_object_spans(_words(text)))


_JOINS = (" ", "-")  # what lies between two tokens of one phrase


def _object_spans(words: _Words) -> list[_Span]:
    """Noun phrases that can be said back: "my psn account" -> "your PSN account", "Apple TV" -> "the Apple TV"."""
    text, low, seps, bounds = words
    count = len(text)
    spans: list[_Span] = []
    used: set[int] = set()
    # only a determiner or a known object noun starts a phrase: every other token is passed over
    for i in [n for n, word in enumerate(low) if word in _SPAN_STARTS]:
        if i in used:
            continue
        first = low[i]
        if first in _SPAN_OPENERS:
            picked: list[int] = []  # the tokens after the determiner
            j = i + 1
            while j < count and len(picked) < 4 and seps[j] in _JOINS:
                nxt = low[j]
                if nxt in _MODIFIERS or (_safe_word(text[j]) and nxt not in _NOT_HEAD) or (nxt in _OBJECT_NOUNS and nxt not in PROFANITY):
                    picked.append(j)
                    j += 1
                    if nxt in _OBJECT_NOUNS and not (j < count and low[j] in _OBJECT_NOUNS):
                        break
                else:
                    break
            while picked and (low[picked[-1]] in _MODIFIERS or low[picked[-1]] in _NOT_HEAD):
                picked.pop()
            if not picked:
                continue
            head_known = low[picked[-1]] in _OBJECT_NOUNS
            owned = first in ("my", "our")
            if not head_known:
                # an unknown word after "my" may be a noun ("my chats", "my Xbox") or a verb: keep it short and plain
                core = [n for n in picked if low[n] not in _MODIFIERS]
                cut = next((m for m, n in enumerate(core) if low[n].endswith(("ed", "ing", "ly"))), len(core))
                picked = core[: min(cut, 2)]
                if not owned or not picked:
                    continue
            else:
                unknown = [n for n in picked[:-1] if low[n] not in _OBJECT_NOUNS and low[n] not in _MODIFIERS]
                if len(unknown) > 1 and not all(text[n][:1].isupper() for n in unknown):
                    picked = picked[-1:]
            phrase = " ".join([_SPAN_DETERMINERS[first], *(_display(text[n]) for n in picked)])
            spans.append(_Span(phrase, bounds[2 * i], bounds[2 * picked[-1] + 1]))
            used.update(range(i, j))
        elif first in _OBJECT_NOUNS and first not in PROFANITY:
            if i > 0 and low[i - 1] in ("to", "will", "can", "cant", "can't", "i", "we", "you", "they", "customer") and seps[i] in _JOINS:
                continue  # "to watch", "I order": a verb, not a thing; "customer service": support itself
            picked = [i]
            k = i - 1
            while k >= 0 and len(picked) < 3 and seps[k + 1] in _JOINS:
                mod = text[k]
                if mod[:1].isupper() and _safe_word(mod) and low[k] not in _OBJECT_NOUNS and k > 0:
                    if _ends_a_name(words, k):
                        break  # "Juniper & Rye brunch": half a name is worse than none
                    picked.insert(0, k)
                    k -= 1
                elif (
                    len(picked) == 1 and k > 0 and low[k - 1] in ("a", "an") and seps[k] in _JOINS
                    and _safe_word(mod) and (low[k] in _OBJECT_NOUNS or low[k].endswith(("tion", "ment", "sion")))
                ):
                    picked.insert(0, k)  # "a confirmation email" -> "your confirmation email"
                    break
                else:
                    break
            j = i + 1
            while j < count and len(picked) < 4 and low[j] in _OBJECT_NOUNS and seps[j] in _JOINS:
                picked.append(j)
                j += 1
            det = "your" if low[picked[-1]] in _PRIVATE_OBJECTS else "the"
            phrase = " ".join([det, *(_display(text[n]) for n in picked)])
            spans.append(_Span(phrase, bounds[2 * picked[0]], bounds[2 * picked[-1] + 1]))
            used.update(range(i, j))
    return spans


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for brk in _SENTENCE_BREAK.finditer(text, 0, start):
        left = brk.end()
    right_match = _SENTENCE_BREAK.search(text, end)
    return left, right_match.start() if right_match else len(text)


def _after_verb(text: str, end: int) -> str | None:
    """The words right after a verb, as its object: "can't play Minecraft", "can't accept stranger missions"."""
    _, right = _sentence_bounds(text, end, end)
    tokens = _tokens(text[end:right])
    if not tokens or text[end : end + tokens[0].start].strip():
        return None
    det = ""
    if tokens[0].low in _DETERMINERS:
        det = _DETERMINERS[tokens[0].low]
        tokens = tokens[1:]
    words: list[str] = []
    for index, tok in enumerate(tokens[:3]):
        if index and text[end + tokens[index - 1].end : end + tok.start] != " ":
            break
        if not _safe_word(tok.text) and tok.low not in _OBJECT_NOUNS:
            break
        words.append(_display(tok.text))
    if not words:
        return None
    return " ".join([det, *words]).strip() if det else " ".join(words)


def _with_particle(text: str, end: int, obj: str) -> str:
    """ "can't get my car out of the garage": the particle finishes the verb, so "get your car out"."""
    head = re.escape(obj.split()[-1])
    found = re.match(rf"[^.!?;\n]*?\b{head}\s+(out|back|off|up|down|through)\b(?=\s+(?:of|from|again)\b|\s*(?:[.!?,;\n]|$))",
                     text[end:], re.I)
    return f"{obj} {found.group(1).lower()}" if found else obj


def _near_object(text: str, start: int, end: int, side: str, widen: bool = False) -> str | None:
    """The object phrase nearest to the span [start, end) within its sentence, on the preferred side."""
    left, right = _sentence_bounds(text, start, end)
    spans = [
        _Span(s.phrase, s.start + left, s.end + left)
        for s in _spans(text[left:right])
    ]
    before = sorted((s for s in spans if s.end <= start and start - s.end <= 60), key=lambda s: start - s.end)
    after = sorted((s for s in spans if s.start >= end and s.start - end <= 45), key=lambda s: s.start - end)
    if side == "before":
        groups = (before, after)
    elif side == "after":
        groups = (after, before)
    elif before and after:
        groups = (after, before) if after[0].start - end < start - before[0].end else (before, after)
    else:
        groups = (before, after)
    for group in groups:
        if group:
            return group[0].phrase
    if widen:
        left = 0
        for brk in re.finditer(r"[.!?;\n]+", text[:start]):
            left = brk.end()
        if left < _sentence_bounds(text, start, end)[0]:
            right_match = re.search(r"[.!?;\n]", text[end:])
            right = end + right_match.start() if right_match else len(text)
            spans = [_Span(s.phrase, s.start + left, s.end + left) for s in _spans(text[left:right])]
            near = sorted(spans, key=lambda s: min(abs(start - s.end), abs(s.start - end)))
            if near:
                return near[0].phrase
    return None


def _first_object(text: str) -> str | None:
    spans = _spans(text)
    known = [s for s in spans if s.phrase.split()[-1].lower() in _OBJECT_NOUNS]
    # the customer's own things ("my laptop") before things they only mention ("Google Mail")
    owned = [s for s in known if s.phrase.startswith("your ")]
    chosen = owned or known or spans
    return chosen[0].phrase if chosen else None


def _clean_phrase(phrase: str) -> str | None:
    phrase = " ".join(phrase.split())
    if not phrase or private_data(phrase):
        return None
    if any(w.lower().strip("'") in PROFANITY for w in phrase.split()):
        return None
    return phrase


_PASSIVE = re.compile(r"(?:\b(?:been|was|were|is|are|got|get|gets|being|be|has|have|had|it's|its)\s+(?:\w+\s+)?)$", re.I)


def _voice_side(text: str, start: int, default: str) -> str:
    """Participles: "my account was hacked" has the object before; "someone hacked my account" after."""
    return "before" if _PASSIVE.search(text[max(0, start - 25) : start]) else "after" if default == "voice" else default


def _symptom_phrase(text: str) -> tuple[_Symptom, str] | None:
    """The first specific symptom phrase; a vague one ("what's not working") only if nothing better is found."""
    vague: tuple[_Symptom, str] | None = None
    for found in _symptom_phrases(text):
        if found[1].endswith((" it", " this")) or found[1] in _VAGUE:
            vague = vague or found
            continue
        return found
    return vague


def _symptom_phrases(text: str) -> Iterator[tuple[_Symptom, str]]:
    """Every symptom found in ``text``, in order of precedence, with the phrase that says it back."""
    for index in _SYMPTOM_ORDER.live(possible_in(text)):
        symptom = _SYMPTOMS[index]
        match = _SYMPTOM_GATES[index].find(text)
        if not match:
            continue
        # the first group that took part ("won't let me in": the second alternative's group), else the whole match
        word = " ".join(next((g for g in match.groups() if g), match.group(0)).lower().split())
        word = _WORD_FORMS.get(symptom.name, {}).get(word, word)
        normal = _normalise_word(symptom.name, word)
        if normal is None:
            continue
        phrase = _phrase_for(symptom, match, normal, text)
        cleaned = _clean_phrase(phrase) if phrase else None
        if cleaned:
            yield symptom, cleaned


def _tried_to(text: str, start: int) -> str | None:
    """ "I try to upload an mp4 but it doesn't work": what they were trying to do, said back."""
    attempts = list(re.finditer(r"\b(?:try|tried|trying|attempt(?:ed|ing)?) to (\w+)", text[:start], re.I))
    tried = attempts[-1] if attempts else None
    if tried is None or start - tried.end() > 150:
        return None
    verb = tried.group(1).lower()
    if verb in ("login", "log", "sign", "signin"):
        return "not being able to log in"
    if not _safe_word(verb):
        return None
    return f"not being able to {verb} {_after_verb(text, tried.end()) or 'it'}"


def _phrase_for(symptom: _Symptom, match: re.Match[str], word: str, text: str) -> str | None:
    if "{obj}" not in symptom.template:
        if symptom.name in ("no_reply", "wait") and (anywhere := _first_object(text)):
            joiner = "for" if symptom.name == "wait" else "about"  # "the long wait for the brunch", "an answer about your order"
            return f"{symptom.template.format(word=word)} {joiner} {anywhere}"
        return symptom.template.format(word=word)
    side = _voice_side(text, match.start(), symptom.side)
    obj = _near_object(text, match.start(), match.end(), side, widen=symptom.name in ("not_received", "lost", "not_working"))
    if obj is not None and symptom.objects and obj.split()[-1].lower() not in symptom.objects:
        obj = None
    if (
        obj is not None
        and symptom.name == "cant_do"
        and re.match(r"\s+(?:my|our|his|her|their|your|the|a|an)\s+\w", text[match.end() :], re.I)
        and obj.split()[-1].lower() not in text[match.end() :].lower()
    ):
        obj = None  # "couldn't hear my friend": what they couldn't do names its own object, not one said earlier
    if obj is None and symptom.name in ("cant_do", "login", "not_received", "problem_with", "wrong_with", "removed", "going_on"):
        obj = _after_verb(text, match.end())
    if obj is None and symptom.name == "cant_do" and word == "get":
        return None  # "can't get" says nothing without what
    if obj is None:
        obj = symptom.default
    if obj is None and symptom.name == "not_working":
        tried = _tried_to(text, match.start())
        if tried:
            return tried
    if obj is None and symptom.name == "not_received" and re.search(r"\b(?:order(?:ed)?|bought|purchased?|paid for)\b", text, re.I):
        obj = "your order"
    if obj is None:
        return symptom.bare.format(word=word) if symptom.bare else None
    if symptom.name in ("cant_do", "login"):
        obj = _with_particle(text, match.end(), obj)
    if symptom.name == "not_received" and side == "after" and text.find(obj.split()[-1], match.end()) >= 0:
        return f"not receiving {obj}"
    if symptom.name == "lost" and side == "after" and word == "lost" and text.find(obj.split()[-1], match.end()) >= 0:
        return f"losing {obj}"
    if symptom.name == "charged" and obj.split()[-1].lower() in ("payment", "payments", "charge", "charges", "bill", "billing"):
        return symptom.bare.format(word=word) if symptom.bare else None
    return symptom.template.format(obj=obj, word=word)


def _swap_pronouns(clause: str) -> str | None:
    words = clause.split()
    out = []
    for word in words:
        low = word.lower().strip(",.")
        if low in ("you", "ya", "u"):
            return None  # "can you fix it": the clause is about us, not what they want to do
        if low in ("your", "ur", "yours"):
            out.append("our" if low != "yours" else "ours")
            continue
        out.append(_SWAP.get(low, _display(word)))
    return " ".join(out)


def question_about(text: str) -> str | None:
    """What a question asks, said back in the second person: "how to reset your password"."""
    contact: str | None = None  # "how to contact your team": only when the question asks nothing else
    for index in _QUESTION_ORDER.live(possible_in(text)):
        pattern, shape = _QUESTION_CLAUSES[index]
        match = pattern.find(text)
        if not match:
            continue
        clause = _CLAUSE_END.sub("", match.group(1)).strip(" ?.!,")
        words = clause.split()[:8]
        while words and (words[-1].lower().strip(",.") in _STOP or words[-1].lower() in _TRAILING):
            words.pop()
        clause = " ".join(words)
        if not words or len(clause) > 60:
            continue
        swapped = _swap_pronouns(clause)
        if not swapped or not any(_safe_word(w) and w.lower() not in _GENERIC_VERBS for w in swapped.split()):
            continue
        if shape == "{ing}":
            verb, _, rest = swapped.partition(" ")
            phrase = _clean_phrase(f"{_ING.get(verb.lower(), verb)} {rest}".strip())
        else:
            phrase = _clean_phrase(shape.format(swapped))
        if phrase and any(_safe_word(w) for w in swapped.split()):
            if words[0].lower() in _CONTACT_VERBS or clause.lower().startswith("get in touch"):
                contact = contact or phrase
                continue
            return phrase
    return contact


_TOPIC_NOUNS: tuple[tuple[str, frozenset[str]], ...] = (
    ("booking", frozenset(["table", "tables", "booking", "bookings", "reservation", "reservations", "appointment", "appointments"])),
    ("website", frozenset(["website", "site", "page", "checkout", "basket", "cart"])),
    ("order", frozenset(["order", "orders"])),
    ("delivery", frozenset(["delivery", "deliveries", "parcel", "package", "packages", "shipment"])),
    ("account", frozenset(["account", "accounts", "password", "login", "profile"])),
)


def _refine_topic(topic: str, phrase: str) -> str:
    """A generic topic ("app", "general") made specific by the thing the problem is about."""
    if topic not in ("app", "general"):
        return topic
    words = set(phrase.lower().split())
    for name, nouns in _TOPIC_NOUNS:
        if words & nouns:
            return name
    return topic


_VAGUE = frozenset({"what's not working", "it not arriving", "what went missing", "it getting stuck", "how slow it's been"})


class PendingIssue(NamedTuple):
    """An issue with no symptom found, before the text's first object is looked for (the costly last step)."""

    full: str
    topic: str
    about: str | None
    """What a question is about, else the subject: ``Issue.about`` unless both are missing."""
    problem: bool
    private: bool

    def provisional(self) -> Issue:
        """The issue as far as it is known: ``finish()`` differs only in ``phrase``, ``private`` and a missing ``about``."""
        return Issue(topic=self.topic, phrase=None, about=self.about, problem=self.problem, private=self.private)

    def finish(self) -> Issue:
        """The complete issue, naming the text's first object."""
        obj = _first_object(self.full)
        private = self.private
        if obj:
            private = private or obj.split()[-1].lower() in _PRIVATE_OBJECTS
        return Issue(
            topic=self.topic,
            phrase=f"the trouble with {obj}" if obj else None,
            about=self.about or obj,
            problem=self.problem,
            private=private,
        )


# Every profane word contains one of these strings, so a text that cannot match this pattern has no
# profanity: one look in the gate index instead of listing the text's words. (``profanity`` finds
# words of ASCII letters, which ``fold`` keeps as they are, lower-cased.)
_PROFANITY_GATE = _gated("|".join(sorted(re.escape(word) for word in PROFANITY)), re.I)


def _swears(text: str, live: frozenset[Gated]) -> bool:
    """``bool(profanity(text))``, where ``live`` is ``possible_in(text)``."""
    return (_PROFANITY_GATE.always or _PROFANITY_GATE in live) and bool(profanity(text))


def start_issue(text: str, title: str | None = None) -> Issue | PendingIssue:
    """``detect_issue``, stopping short of the text's first object when no symptom was found."""
    full = clean_for_matching(f"{title}. {text}" if title else text)
    found = _symptom_phrase(full)
    about = question_about(full)
    if found:
        symptom, phrase = found
        obj_words = set(phrase.lower().split())
        private = symptom.topic in _PRIVATE_TOPICS or bool(obj_words & _PRIVATE_OBJECTS)
        topic = _refine_topic(symptom.topic, phrase)
        vague = phrase.endswith((" it", " this")) or phrase in _VAGUE
        if vague and about:
            # "not being able to use it": the question says more ("whether you can get an extension on your credit")
            return Issue(topic=topic, phrase=None, about=about, problem=True, private=private, symptom=False)
        return Issue(topic=topic, phrase=phrase, about=about or phrase, problem=True, private=private, symptom=True)
    live = possible_in(full)
    trouble = (
        _TROUBLE.in_text(full, live)
        or (_WEAK_TROUBLE.in_text(full, live) and "?" not in full)
        or _swears(full, live)  # nobody swears at a business they are happy with
    )
    topic, subject, private = "general", None, False
    for index in _SUBJECT_ORDER.live(live):
        pattern, subject_text, subject_topic, subject_private = _SUBJECTS[index]
        if pattern.find(full):
            topic, subject, private = subject_topic, subject_text, subject_private
            break
    return PendingIssue(full=full, topic=topic, about=about or subject, problem=trouble, private=private)


def detect_issue(text: str, title: str | None = None) -> Issue:
    """Find what ``text`` is about, in words a public reply can say back without private data."""
    issue = start_issue(text, title)
    return issue.finish() if isinstance(issue, PendingIssue) else issue


@lru_cache(maxsize=64)
def praised_thing(text: str) -> str | None:
    """What a happy customer liked ("the sourdough"), when it can be said back."""
    full = clean_for_matching(text)
    for match in _POSITIVE_CUE.finditer(full):
        obj = _near_object(full, match.start(), match.end(), "either")
        if obj:
            return obj
    return None


@lru_cache(maxsize=64)
def personal_news(text: str, positive: bool | None = None) -> tuple[str, str | None]:
    """Whether personal news is ``good`` or ``bad``, and a phrase for it ("your birthday"), if any."""
    full = clean_for_matching(text)
    bad = next(((m, phrase) for pattern, phrase in _BAD_NEWS if (m := pattern.search(full))), None)
    good = next(((m, phrase) for pattern, phrase in _GOOD_NEWS if (m := pattern.search(full))), None)
    if bad and (not good or positive is not True):
        match, phrase = bad
        return "bad", phrase.format(" ".join(match.group(0).lower().split()))
    if good:
        return "good", good[1]
    if positive is False:
        return "bad", None
    return "good", None
