"""Reply drafts: templates per situation, and an optional language-model drafter checked by the same rules."""

from __future__ import annotations

import logging

from mentionwatch.config import Business, RepliesConfig
from mentionwatch.models import Mention, Reply
from mentionwatch.replies.templates import template_reply

__all__ = ["draft_reply", "template_reply"]

log = logging.getLogger("mentionwatch.replies")


def draft_reply(mention: Mention, intent: str, business: Business, replies: RepliesConfig | None = None) -> Reply:
    """Draft a reply (and alternatives) for ``mention``: the template draft, or a checked model draft."""
    cfg = replies or RepliesConfig()
    template = template_reply(mention, intent, business, cfg)
    if cfg.provider != "openai-compatible":
        return template
    from mentionwatch.replies import llm

    try:
        return llm.drafter_for(cfg).draft(mention, intent, business, template)
    except Exception as exc:  # the model is optional: nothing it does may break a scan
        log.debug("model drafter unavailable for %s: %s", mention.id, type(exc).__name__)
        return template
