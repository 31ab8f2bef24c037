"""Score reply drafts against a rubric, beside the replies real support agents sent to the same messages.

Usage::

    python benchmarks/replies_rubric.py ../shared/eval            # ibm-cdp/ and twcs/ under the folder
    python benchmarks/replies_rubric.py ../shared/eval --examples 5 --seed 3
    python benchmarks/replies_rubric.py ../shared/eval --failures 10

For every customer-care conversation in ``ibm-cdp/conversations.json`` (Apache-2.0) and the customer →
company pairs of ``twcs/sample.csv`` (CC BY-NC-SA: read for measurement only, nothing is copied into the
project), the customer's messages become one mention from their handle on X. It goes through the public
scoring path, ``Analyser(config).analyse(mention)``, with a business named after the company, a signature
and a contact address. The draft it produces and the reply the company's agent actually sent are then
scored by the same checks:

greets      greets the person by name or handle ("Hi @ann", "Thanks, Miriam."); the @handle Twitter puts
            in front of every reply does not count
specific    names the customer's actual issue: shares a content word (or a word of the same concept:
            log in / password / sign in...) with what the customer wrote, not counting greetings,
            handles, links, the company's name or generic support words (when the customer reports a
            problem or asks for something; a plain "thanks!" has no issue to name)
apologises  says sorry, when the customer reports a problem (their words, a strongly negative tone or
            the complaint intent)
next step   gives one: a private channel, a link, a question back, a promise to check and reply...
fits        fits X's 280 characters (links count 23, the leading @handles 0, as on X)
no banned   no corporate filler, refund or compensation promise, blame, argument, sales pitch or insult
private     repeats none of the e-mail addresses, phone numbers or order/account numbers the customer posted
distinct    differs from every other reply of the same side among the ten around it (a table's worth):
            similarity below 0.75

A reply passes when it passes every check that applies to it.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import html
import json
import random
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from mentionwatch.analysis import Analyser  # noqa: E402
from mentionwatch.config import Business, Config  # noqa: E402
from mentionwatch.models import REPLY_LIMITS, Author, Mention  # noqa: E402
from mentionwatch.replies import rules  # noqa: E402

LIMIT = REPLY_LIMITS["x"] or 280
URL_LENGTH = 23  # X counts every link as 23 characters
WINDOW = 10
SIMILAR = 0.75

CRITERIA: tuple[tuple[str, str], ...] = (
    ("greets", "greets the person"),
    ("specific", "names the specific issue"),
    ("apologises", "apologises for a complaint"),
    ("next_step", "gives a next step"),
    ("fits", "fits the limit"),
    ("no_banned", "no banned phrase"),
    ("private", "no private data repeated"),
    ("distinct", "distinct from the others"),
)

_URL = re.compile(r"(?i)\bhttps?:\s*//\S+|\bwww\.\S+")
_MENTION = re.compile(r"(?<![\w@])@\w+")
_LEADING_MENTIONS = re.compile(r"^(?:\s*[.]?@\w+[,:]?)+\s*")
_WORD = re.compile(r"[a-z][a-z0-9'-]*")

# The rubric's own idea of "the customer reports a problem": written apart from the drafter's rules.
_PROBLEM = re.compile(
    r"\b(?:(?:can'?t|cant|cannot|unable to|not able to|couldn'?t) (?:log|sign|get|access|find|play|use|open|download|install|"
    r"connect|see|watch|recover|reset|change|add|redeem|buy|pay|load|update|remove|delete|cancel|unsubscribe)|"
    r"won'?t (?:let|work|load|open|connect|start|play|sync)|doesn'?t work|don'?t work|not working|isn'?t working|"
    r"stopped working|no longer work\w*|broken|crash\w*|error|bug|bugs|bugged|glitch\w*|fail(?:s|ed|ing)?|lost|missing|"
    r"disappear\w*|wrong|hacked|compromised|locked|suspended|banned|terminated|disabled|overcharg\w*|charged|billed|"
    r"refund\w*|terrible|awful|worst|annoy\w*|frustrat\w*|ridiculous|unacceptable|disappoint\w*|problem\w*|"
    r"issue\w*|trouble|stuck|slow\w*|late|delay\w*|cancell?ed|outage|freez\w*|froze|scam\w*|spam|gouging|rude|"
    r"still (?:not|no|haven'?t|hasn'?t|can'?t|don'?t|waiting)|never (?:got|received|arrived|came)|"
    r"(?:didn'?t|haven'?t|hasn'?t|have not|has not|did not) (?:get|receive|arrive|work|hear))\b",
    re.I,
)
_SORRY = re.compile(r"\b(?:sorry|apologi[sz]\w*|apologies|my bad|we messed up|that's on us|that is on us)\b", re.I)
_NEXT_STEP = re.compile(
    r"\b(?:dm|direct message|private message|message us|e-?mail|contact|reach (?:out|us)|get back to you|reply here|"
    r"let (?:me|us) (?:check|know|look|find)|(?:i|we)(?:'ll| will) (?:look|check|find|get back|follow|reply|come back|sort|help)|"
    r"please (?:try|follow|check|visit|send|submit|see|go|head|use|make sure|update|restart|reinstall|reach|create|fill|confirm)|"
    r"here'?s how|(?:could|can|would|will) you|have you (?:tried|checked|been able)|did you (?:try|check)|"
    r"submit a (?:ticket|request)|write to|drop us|send (?:us|me)|(?:answer|reply|respond) (?:here|in this thread)|"
    r"come back to you|looking into (?:it|this)|find(?:ing)? out)\b|\?|https?://",
    re.I,
)
_GREETING = r"(?:hi|hello|hey|hiya|dear|howdy|greetings|good (?:morning|afternoon|evening)|thanks|thank you|welcome)"
_NOT_A_NAME = frozenset(
    ["there", "team", "all", "everyone", "everybody", "folks", "friend", "friends", "guys", "you", "again", "so", "for", "much", "very", "too", "sir", "madam", "the", "a", "an", "and", "we", "our", "us", "it", "this", "that", "please"]
)

# Words that say nothing about a specific issue.
_GENERIC = frozenset(
    ["the", "and", "for", "you", "your", "yours", "our", "ours", "we", "us", "are", "was", "were", "have", "has", "had", "not", "but", "can", "could", "would", "should", "will", "with", "this", "that", "these", "those", "there", "here", "what", "which", "who", "when", "where", "why", "how", "all", "any", "some", "its", "it's", "from", "into", "about", "just", "they", "them", "their", "been", "being", "also", "than", "then", "very", "really", "more", "most", "much", "many", "one", "two", "get", "got", "getting", "make", "made", "help", "helps", "helping", "issue", "issues", "problem", "problems", "trouble", "question", "questions", "thing", "things", "hear", "heard", "sorry", "thanks", "thank", "please", "pls", "hello", "hey", "hi", "dear", "happy", "glad", "great", "love", "good", "time", "work", "need", "want", "try", "tried", "trying", "know", "like", "look", "check", "team", "support", "details", "detail", "info", "information", "experience", "reach", "today", "sure", "hope", "soon", "let", "right", "way", "sort", "fix", "see", "still", "again", "now", "know", "able", "did", "does", "doing", "done", "say", "said", "tell", "told", "ask", "asked", "give", "use", "using", "used", "let's", "i'm", "i'll", "i've", "i'd", "you're", "you've", "we're", "we'll", "that's", "it's", "don't", "can't", "won't", "didn't", "doesn't", "isn't", "haven't", "hasn't", "there's", "what's", "here's", "via", "link", "links", "page", "article", "steps", "step", "follow", "following", "share", "able", "assist", "assistance", "customer", "customers", "service", "services", "contact", "message", "reply", "tweet", "dm", "email", "mail", "yes", "okay", "sir", "thx", "hiya", "im", "ur", "ya", "ok", "my", "me", "of", "to", "in", "on", "at", "is", "it", "be", "do", "so", "no", "an", "as", "or", "if", "by", "up", "we", "us", "he", "go"]
)
# Words of one concept, so "sign in" and "password" both name a login problem. The rubric's own list.
_CONCEPTS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "log login logging logged sign signing signed signin password passwords verification verify 2fa two-step "
        "two-factor authenticator access locked recover recovery account accounts otp code",
        "charge charged charges billed billing payment paid refund refunded money subscription renew renewal "
        "renewed purchase purchased bought",
        "arrive arrived arriving delivery delivered deliver received receive shipping shipped package parcel order",
        "crash crashes crashing crashed freeze freezing froze stuck error bug glitch broken load loading working",
        "hacked hack compromised suspended suspension banned ban terminated termination disabled deactivated",
        "open opening hours closed close closing",
        "price prices pricing gouging expensive profiteering",
        "outage down servers server offline unavailable",
        "spam scam phishing fraud",
        "copyright claim claims claimed strike",
    )
)


@dataclass(frozen=True)
class Conversation:
    """A customer's messages to a company, and the reply its agent sent."""

    dataset: str
    key: str
    company: str
    handle: str
    text: str
    agent_reply: str


@dataclass
class Score:
    """Which checks one reply passes (``None``: the check does not apply)."""

    checks: dict[str, bool | None] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Whether every applicable check passes."""
        return all(v for v in self.checks.values() if v is not None)


# -- loading ----------------------------------------------------------------------------------------------------


def load_ibm(path: Path) -> list[Conversation]:
    """Conversations of ``ibm-cdp/conversations.json``: the addressed customer's messages and the agent's reply."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[Conversation] = []
    for item in data:
        reply = item["agentURL"]["url_utterance"]
        turns = [t for t in item["dialogContent"] if "agent" not in t]
        addressed = re.match(r"\s*@(\w+)", reply)
        handle = addressed.group(1) if addressed else None
        mine = [t for t in turns if handle and (t.get("client") or t.get("client1") or "").lower() == handle.lower()]
        if not mine:
            last = turns[-1]
            who = last.get("client") or last.get("client1") or ""
            mine = [t for t in turns if (t.get("client") or t.get("client1")) == who]
            handle = handle or who
        text = "\n".join(html.unescape(t["message"]) for t in mine)
        out.append(
            Conversation(
                dataset="ibm-cdp",
                key=item["dialogHeader"]["sessionID"],
                company=item["dialogHeader"]["company"],
                handle=handle or "customer",
                text=text,
                agent_reply=html.unescape(reply),
            )
        )
    return out


def load_twcs(path: Path) -> list[Conversation]:
    """Customer → company reply pairs of ``twcs/sample.csv``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_id = {row["tweet_id"]: row for row in rows}
    out: list[Conversation] = []
    for row in rows:
        if row["inbound"] != "False":
            continue
        customer = by_id.get(row["in_response_to_tweet_id"] or "")
        if customer is None or customer["inbound"] != "True":
            continue
        out.append(
            Conversation(
                dataset="twcs",
                key=row["tweet_id"],
                company=row["author_id"],
                handle=customer["author_id"],
                text=html.unescape(customer["text"]),
                agent_reply=html.unescape(row["text"]),
            )
        )
    return out


# -- the checks -------------------------------------------------------------------------------------------------


def _stem_word(word: str) -> str:
    """A crude stem: one common suffix off, then the first five letters."""
    for suffix in ("ing", "ed", "es", "s", "ly", "er"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:5]


def _stem(word: str) -> str:
    return _stem_word(word)


_CONCEPT_STEMS: tuple[frozenset[str], ...] = tuple(frozenset(_stem_word(w) for w in group) for group in _CONCEPTS)


def content_words(text: str, exclude: Iterable[str] = ()) -> set[str]:
    """The words of ``text`` that can name an issue, lower-cased, without links, handles and ``exclude``."""
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text).lower().replace("’", "'")
    text = re.sub(r"#", " ", text)
    excluded = {w.lower() for w in exclude}
    return {w.strip("'-") for w in _WORD.findall(text) if len(w) >= 2 and w not in _GENERIC and w not in excluded}


def names_issue(reply: str, customer: str, exclude: Iterable[str]) -> bool:
    """Whether ``reply`` says back something specific the customer wrote about."""
    excluded = list(exclude)
    mine = content_words(customer, excluded)
    theirs = content_words(reply, excluded)
    if not mine:
        return True
    mine_stems = {_stem(w) for w in mine}
    theirs_stems = {_stem(w) for w in theirs}
    if mine_stems & theirs_stems:
        return True
    return any(group & mine_stems and group & theirs_stems for group in _CONCEPT_STEMS)


def greets(reply: str, handle: str) -> bool:
    """Whether ``reply`` greets or addresses the person by name or handle (not the automatic leading @handle)."""
    body = _LEADING_MENTIONS.sub("", reply)
    handle_re = r"@?" + re.escape(handle)
    name = r"(?:" + handle_re + r"|(?P<name>[A-Z][a-z]+))"
    for match in re.finditer(r"(?:^|[.!?]\s+)" + _GREETING + r"[\s,!]+" + name + r"\b", body, re.I):
        if match.group("name") is None or match.group("name").lower() not in _NOT_A_NAME:
            return True
    for match in re.finditer(r",\s+" + r"(?:" + handle_re + r"|(?P<name>[A-Z][a-z]+))" + r"\s*(?:[.!?]|\^|$|\s[*^/-])", body):
        if match.group("name") is None or match.group("name").lower() not in _NOT_A_NAME:
            return True
    return False


def x_length(reply: str) -> int:
    """The length X counts for a reply: links count 23, the leading @handles nothing."""
    body = _LEADING_MENTIONS.sub("", reply)
    return len(_URL.sub("x" * URL_LENGTH, body))


def is_complaint(text: str, intent: str | None, sentiment: float | None) -> bool:
    """The rubric's own test: the customer reports a problem."""
    return bool(_PROBLEM.search(text)) or intent == "complaint" or (sentiment is not None and sentiment <= -0.3)


def _normal(reply: str) -> str:
    text = _URL.sub("URL", reply.lower())
    text = _MENTION.sub("@h", text)
    return re.sub(r"\d+", "0", text)


def distinct_flags(replies: Sequence[str]) -> list[bool]:
    """For each reply, whether it differs from every other within its block of ``WINDOW``."""
    flags = []
    normal = [_normal(r) for r in replies]
    for i, text in enumerate(normal):
        block = (i // WINDOW) * WINDOW
        others = [normal[j] for j in range(block, min(block + WINDOW, len(normal))) if j != i]
        flags.append(all(difflib.SequenceMatcher(None, text, other).ratio() < SIMILAR for other in others))
    return flags


def score_reply(reply: str, convo: Conversation, complaint: bool, business: Business, distinct: bool) -> Score:
    """Every check for one reply to ``convo``."""
    exclude = [convo.company, convo.handle, *re.findall(r"[A-Za-z]+", convo.company), *re.findall(r"[A-Za-z]+", business.name)]
    exclude += re.findall(r"[A-Za-z]+", business.signature) + re.findall(r"[A-Za-z]+", business.contact)
    leaked = [item for item in rules.private_data(convo.text) if len(item) >= 4 and item.lower() in reply.lower()]
    asks = complaint or "?" in convo.text or bool(re.search(r"\b(?:help|how|can you|could you|please)\b", convo.text, re.I))
    checks: dict[str, bool | None] = {
        "greets": greets(reply, convo.handle),
        "specific": names_issue(reply, convo.text, exclude) if asks else None,
        "apologises": bool(_SORRY.search(reply)) if complaint else None,
        "next_step": bool(_NEXT_STEP.search(_LEADING_MENTIONS.sub("", reply))) if asks else None,
        "fits": x_length(reply) <= LIMIT,
        "no_banned": not rules.banned_phrases(reply),
        "private": not leaked,
        "distinct": distinct,
    }
    return Score(checks)


# -- running ----------------------------------------------------------------------------------------------------


def business_for(company: str) -> Business:
    """A business named after the company, signed by a person, with a private contact."""
    slug = re.sub(r"[^a-z0-9]+", "", company.lower()) or "company"
    return Business(name=company, signature=f"Sam at {company}", contact=f"help@{slug}.example")


@dataclass
class Result:
    """One conversation, our draft and both scores."""

    convo: Conversation
    draft: str
    intent: str
    draft_score: Score
    agent_score: Score


def run(conversations: Sequence[Conversation]) -> list[Result]:
    """Draft a reply for every conversation through the Analyser and score it beside the agent's."""
    drafted: list[tuple[Conversation, Mention, Business]] = []
    analysers: dict[str, Analyser] = {}
    for convo in conversations:
        business = business_for(convo.company)
        analyser = analysers.setdefault(convo.company, Analyser(Config(business=business)))
        mention = Mention(
            id=f"{convo.dataset}:{convo.key}",
            source="x",
            text=convo.text,
            author=Author(handle=convo.handle),
        )
        drafted.append((convo, analyser.analyse(mention), business))
    drafts = [m.reply.text if m.reply else "" for _, m, _ in drafted]
    draft_distinct = distinct_flags(drafts)
    agent_distinct = distinct_flags([c.agent_reply for c, _, _ in drafted])
    results = []
    for index, (convo, mention, business) in enumerate(drafted):
        sentiment = mention.sentiment.score if mention.sentiment else None
        complaint = is_complaint(convo.text, mention.intent, sentiment)
        results.append(
            Result(
                convo=convo,
                draft=drafts[index],
                intent=mention.intent or "",
                draft_score=score_reply(drafts[index], convo, complaint, business, draft_distinct[index]),
                agent_score=score_reply(convo.agent_reply, convo, complaint, business, agent_distinct[index]),
            )
        )
    return results


def _rate(scores: Iterable[Score], key: Callable[[Score], bool | None]) -> tuple[int, float]:
    values = [v for v in (key(s) for s in scores) if v is not None]
    return len(values), (100.0 * sum(values) / len(values) if values else float("nan"))


def table(results: Sequence[Result], title: str) -> str:
    """Per-check and overall pass rates, drafts beside agents."""
    lines = [f"{title} ({len(results)} conversations)", f"{'check':<30}{'applies':>8}{'drafts':>9}{'agents':>9}"]
    for code, label in CRITERIA:
        n, ours = _rate((r.draft_score for r in results), lambda s, c=code: s.checks.get(c))
        _, theirs = _rate((r.agent_score for r in results), lambda s, c=code: s.checks.get(c))
        lines.append(f"{label:<30}{n:>8}{ours:>8.1f}%{theirs:>8.1f}%")
    n, ours = _rate((r.draft_score for r in results), lambda s: s.passed)
    _, theirs = _rate((r.agent_score for r in results), lambda s: s.passed)
    lines.append(f"{'passes every check':<30}{n:>8}{ours:>8.1f}%{theirs:>8.1f}%")
    return "\n".join(lines)


def _show(result: Result) -> str:
    failed_ours = [c for c, v in result.draft_score.checks.items() if v is False]
    failed_theirs = [c for c, v in result.agent_score.checks.items() if v is False]
    customer = " ".join(result.convo.text.split())
    return (
        f"[{result.convo.dataset} {result.convo.key}] intent={result.intent}\n"
        f"  customer: {customer[:300]}\n"
        f"  agent:    {' '.join(result.convo.agent_reply.split())[:300]}   fails: {', '.join(failed_theirs) or '-'}\n"
        f"  draft:    {' '.join(result.draft.split())}   fails: {', '.join(failed_ours) or '-'}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the rubric on the data folder and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=Path, help="the eval folder holding ibm-cdp/ and twcs/")
    parser.add_argument("--examples", type=int, default=0, help="print N random conversations with both replies")
    parser.add_argument("--failures", type=int, default=0, help="print up to N drafts that fail a check")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --examples")
    args = parser.parse_args(argv)

    sets: list[tuple[str, list[Conversation]]] = []
    ibm = args.data / "ibm-cdp" / "conversations.json"
    twcs = args.data / "twcs" / "sample.csv"
    if ibm.exists():
        sets.append(("ibm-cdp", load_ibm(ibm)))
    if twcs.exists():
        sets.append(("twcs", load_twcs(twcs)))
    if not sets:
        print(f"no ibm-cdp/conversations.json or twcs/sample.csv under {args.data}", file=sys.stderr)
        return 2
    everything: list[Result] = []
    for name, conversations in sets:
        results = run(conversations)
        everything.extend(results)
        print(table(results, name))
        print()
    if len(sets) > 1:
        print(table(everything, "all"))
    if args.examples:
        print()
        for result in random.Random(args.seed).sample(everything, min(args.examples, len(everything))):
            print(_show(result))
            print()
    if args.failures:
        print()
        for result in [r for r in everything if not r.draft_score.passed][: args.failures]:
            print(_show(result))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
