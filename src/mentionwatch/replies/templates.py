"""Template reply drafts per intent, signed, within the platform's limit, chosen by mention id."""

from __future__ import annotations

import hashlib

from mentionwatch.config import Business, RepliesConfig
from mentionwatch.models import Mention, Reply

_TEMPLATES: dict[str, tuple[str, ...]] = {
    "complaint": (
        "{greet} I'm so sorry about this; that's not the experience we want for anyone. Could you write to {contact} so we can put it right?",
        "{greet} thank you for telling us, and I'm sorry we let you down. Please email {contact} and I'll look into it personally.",
        "{greet} that's not good enough and I'm sorry. If you send the details to {contact}, I'll sort it out with you directly.",
    ),
    "question": (
        "{greet} good question! Let me find out and get back to you. If it's easier, you can also reach us at {contact}.",
        "{greet} thanks for asking. I'll check and reply here shortly; {contact} works too.",
    ),
    "lead": (
        "{greet} we'd love to see you at {business}! Happy to answer anything before you visit.",
        "{greet} thanks for thinking of us. If {business} sounds right, we'd be glad to have you.",
    ),
    "praise": (
        "{greet} thank you so much, this made our day!",
        "{greet} this is lovely to read, thank you for sharing it with us.",
    ),
    "personal": (
        "{greet} thinking of you. Thanks for letting us be a small part of your day.",
        "{greet} thank you for sharing this with us. Wishing you all the best.",
    ),
    "mention": (
        "{greet} thanks for the mention!",
        "{greet} thanks for including us.",
    ),
}


def _greeting(mention: Mention, tone: str) -> str:
    name = mention.author.first_name
    if name:
        return f"Hi {name}," if tone == "warm" else f"Hello {name},"
    handle = mention.author.handle
    if handle:
        handle = handle if handle.startswith("@") else f"@{handle}"
        return f"Hi {handle}," if tone == "warm" else f"Hello {handle},"
    return "Hi there," if tone == "warm" else "Hello,"


def _fit(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    sentences = text.split(". ")
    while len(sentences) > 1 and len(". ".join(sentences)) > limit:
        sentences.pop(-2 if len(sentences) > 2 else -1)
    text = ". ".join(sentences)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def draft_reply(mention: Mention, intent: str, business: Business, replies: RepliesConfig | None = None) -> Reply:
    """Draft a reply (and alternatives) for ``mention`` with the given intent."""
    cfg = replies or RepliesConfig()
    options = _TEMPLATES.get(intent, _TEMPLATES["mention"])
    seed = int(hashlib.sha256(mention.id.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16)
    order = [options[(seed + i) % len(options)] for i in range(len(options))]
    limit = mention.reply_limit
    signature = business.signature or business.name
    drafts = []
    for template in order:
        body = template.format(
            greet=_greeting(mention, cfg.tone),
            contact=business.contact or "our direct messages",
            business=business.name,
        )
        text = f"{body}\n– {signature}" if signature else body
        drafts.append(_fit(text, limit))
    return Reply(text=drafts[0], alternatives=tuple(drafts[1:]), limit=limit)
