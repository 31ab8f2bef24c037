"""Reply drafts: templates per intent, and an optional language-model drafter."""

from mentionwatch.replies.templates import draft_reply

__all__ = ["draft_reply"]
