"""Synthetic, realistic-looking mentions for the benchmarks, generated from templates (no real data).

Every text is assembled from a template, filler sentences and random details (names, products,
numbers, times), so the texts are varied in wording and length and practically never repeat:
a scorer that caches by text gains nothing here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

BUSINESSES = ("Juniper & Rye", "Joe's Bakery", "Northside Bikes", "Copper Kettle Cafe", "Hollow Oak Books", "Bright Nails")
PRODUCTS = (
    "sourdough", "birthday cake", "croissants", "oat latte", "bike service", "gel manicure", "gift card",
    "cinnamon rolls", "wedding cake", "gluten-free loaf", "flat white", "tune-up", "signed copy", "pre-order",
)
PEOPLE = ("Aisha", "Tom", "Priya", "Marco", "Lena", "Sam", "Jordan", "Wei", "Fatima", "Olu", "Grace", "Nikhil")
PLACES = ("Portland", "Leeds", "the east side", "downtown", "Brooklyn", "the market", "Elm Street", "the station")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "yesterday", "this morning")
SOURCES = ("x", "mastodon", "bluesky", "reddit", "hackernews", "rss", "github", "stackexchange", "discourse", "youtube")

TEMPLATES: dict[str, tuple[str, ...]] = {
    "complaint": (
        "ordered a {product} from {biz} for {day}, {n} minutes late and WRONG NAME on it. never again",
        "Still waiting for my {product} from {biz}, {n} days now. No reply to my emails either.",
        "{biz} charged me twice for one {product} and nobody answers the phone. Really disappointed.",
        "The {product} I picked up at {biz} {day} was stale and the staff were honestly a bit rude.",
        "Three emails and still no response from {biz} about my refund for the {product}. Thanks for nothing.",
        "Paid ${price} for a {product} at {biz} and it fell apart on the way home. Not impressed at all.",
        "@{handle} my order #{order} hasn't arrived and it's been {n} days. What is going on?",
    ),
    "question": (
        "Does anyone know if {biz} does a gluten-free {product}? Asking for my sister.",
        "@{handle} are you open on {day}? Want to grab a {product} before work.",
        "What time does {biz} in {place} close? Their site says one thing and Google says another.",
        "Is there parking near {biz}? Thinking of picking up {n} {product}s for the office.",
        "How do I change the pickup time on a {biz} order? The confirmation email has no link.",
    ),
    "lead": (
        "Looking for a good {product} in {place}, any recommendations? Heard {biz} is decent.",
        "Can anyone recommend somewhere for a {product} near {place}? {biz} or somewhere else?",
        "Need {n} {product}s for a party on {day}. Is {biz} the best option in {place}?",
        "Suggestions for a {product} that isn't too pricey? Someone mentioned {biz}.",
    ),
    "praise": (
        "The {product} at {biz} is unreal. Best thing I've eaten all week, thank you {person}!",
        "Shoutout to {person} at {biz} who fixed my {product} in {n} minutes. Amazing service!",
        "{biz} never misses. Got the {product} {day} and it was perfect, as always.",
        "Honestly love this place. {biz} made our {product} look exactly like the picture. 10/10",
    ),
    "personal": (
        "Rough day at work, so I treated myself to a {product} from {biz}. Small wins.",
        "Got the job!!! Celebrating with a {product} from {biz} in {place} tonight.",
        "My mum's birthday {day}, picked up a {product} at {biz} for her. She turned {age}!",
        "Just had a baby last week and {biz} dropped off a {product} for us. So kind.",
    ),
    "mention": (
        "{biz} opens a second shop in {place} next month, according to the local paper.",
        "Walked past {biz} {day}, the queue was around the block again.",
        "New blog post: a tour of {n} places for a {product} in {place}, including {biz}.",
        "{biz} is changing its opening hours from {day}; details on their website.",
    ),
}

FILLER = (
    "I've been going there for {n} years.",
    "My partner says I'm overreacting but I don't think so.",
    "The shop itself is lovely, I'll give them that.",
    "Parking was a nightmare as usual.",
    "We were there around {hour}pm.",
    "It was for my daughter's party.",
    "Prices have gone up a lot since last year.",
    "Anyway, that's my {day} so far.",
    "Not sure if anyone else has had this.",
    "The new menu looks interesting though.",
    "Their instagram is full of photos of it.",
    "I'll update this post if anything changes.",
    "Edit: a few people asked, it was the {place} one.",
    "Long thread, sorry, but it matters to me.",
)

TAILS = (
    "#{tag}", "({n} likes already lol)", "{hour}:{minute:02d}am and already this.", "Day {n} of trying.",
    "❤️", "😡", "🙄 #{tag}", "pic {order}", "via @{handle}", "(posted from {place})",
)
TAGS = ("smallbusiness", "shoplocal", "foodie", "pdx", "weekend", "rant", "review", "bakery", "coffee", "bikes")

WEIGHTS = {"complaint": 0.3, "question": 0.2, "lead": 0.1, "praise": 0.2, "personal": 0.1, "mention": 0.1}
LONG_SOURCES = ("reddit", "hackernews", "discourse", "rss", "github", "stackexchange")


def _fill(template: str, rng: random.Random, biz: str) -> str:
    return template.format(
        biz=biz,
        product=rng.choice(PRODUCTS),
        person=rng.choice(PEOPLE),
        place=rng.choice(PLACES),
        day=rng.choice(DAYS),
        n=rng.randint(2, 60),
        hour=rng.randint(1, 11),
        age=rng.randint(30, 95),
        price=rng.randint(8, 120),
        order=rng.randint(10000, 99999),
        minute=rng.randint(0, 59),
        tag=rng.choice(TAGS),
        handle=biz.lower().replace(" ", "").replace("&", "and").replace("'", ""),
    )


def mention(i: int, rng: random.Random, now: datetime) -> dict[str, Any]:
    """One synthetic mention object (the input side of the JSON contract)."""
    intent = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    biz = rng.choice(BUSINESSES)
    source = rng.choice(SOURCES)
    parts = [_fill(rng.choice(TEMPLATES[intent]), rng, biz)]
    extra = rng.randint(1, 5) if source in LONG_SOURCES else rng.randint(0, 1)
    for filler in rng.sample(FILLER, extra):
        parts.insert(rng.randint(0, len(parts)), _fill(filler, rng, biz))
    if rng.random() < 0.6:
        parts.append(_fill(rng.choice(TAILS), rng, biz))
    text = " ".join(parts)
    person = rng.choice(PEOPLE)
    created = now - timedelta(minutes=rng.randint(1, 7 * 24 * 60))
    return {
        "id": f"{source}:{i}",
        "source": source,
        "url": f"https://example.invalid/{source}/{i}",
        "author": {"handle": f"{person.lower()}_{rng.randint(1, 9999)}", "name": f"{person} {rng.choice('ABCDEFGHKLMNPRST')}.", "reach": int(rng.paretovariate(1.2) * 40)},
        "text": text,
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "engagement": {"likes": rng.randint(0, 40), "replies": rng.randint(0, 8), "shares": rng.randint(0, 5)},
    }


def mentions(n: int, seed: int = 1, now: datetime | None = None) -> Iterator[dict[str, Any]]:
    """``n`` synthetic mention objects, deterministic for a seed."""
    rng = random.Random(seed)
    now = now or datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)
    for i in range(n):
        yield mention(i, rng, now)


def texts(n: int, seed: int = 1) -> list[str]:
    """Just the texts of ``n`` synthetic mentions."""
    return [m["text"] for m in mentions(n, seed)]


def write_jsonl(path: str, n: int, seed: int = 1) -> None:
    """Write ``n`` synthetic mentions as JSON lines to ``path``."""
    with open(path, "w", encoding="utf-8") as handle:
        for m in mentions(n, seed):
            handle.write(json.dumps(m, ensure_ascii=False))
            handle.write("\n")


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    for m in mentions(count):
        print(json.dumps(m, ensure_ascii=False))
