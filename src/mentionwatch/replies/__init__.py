"""Reply drafts: templates per situation, and an optional language-model drafter checked by the same rules."""

from __future__ import annotations

from mentionwatch.config import Business, RepliesConfig
from mentionwatch.models import Mention, Reply
from mentionwatch.replies.templates import template_reply

__all__ = ["draft_reply", "template_reply"]


def draft_reply(mention: Mention, intent: str, business: Business, replies: RepliesConfig | None = None) -> Reply:
    """Draft a reply (and alternatives) for ``mention``: the template draft, or a checked model draft."""
    cfg = replies or RepliesConfig()
    template = template_reply(mention, intent, business, cfg)
    if cfg.provider == "openai-compatible":
        from mentionwatch.replies.llm import drafter_for

        return drafter_for(cfg).draft(mention, intent, business, template)
    return template
