"""Scoring: sentiment, intent, priority and the reply draft, applied to one mention at a time."""

from __future__ import annotations

from datetime import datetime

from mentionwatch.config import Config
from mentionwatch.models import Mention, new_frozen, utcnow


class Analyser:
    """Adds ``sentiment``, ``intent``, ``priority`` and ``reply`` to mentions under one config."""

    def __init__(self, config: Config | None = None, now: datetime | None = None):
        from mentionwatch.analysis.intent import classify_intent
        from mentionwatch.analysis.priority import prioritise
        from mentionwatch.analysis.sentiment import score_sentiment
        from mentionwatch.replies import draft_reply

        self.config = config or Config()
        self.now = now or utcnow()
        self._sentiment = score_sentiment
        self._intent = classify_intent
        self._priority = prioritise
        self._reply = draft_reply

    def analyse(self, mention: Mention) -> Mention:
        """Return ``mention`` with every derived field filled in."""
        text = mention.text
        sentiment = self._sentiment(mention.full_text)
        intent = self._intent(text, sentiment, mention.title)
        priority = self._priority(mention, sentiment, intent, self.now, self.config.priority)
        # mention.evolve(...) twice, one attribute dict: these names are fields, so evolve's
        # check has nothing to find, and new_frozen copies the dict it is given
        attrs = {**mention.__dict__, "sentiment": sentiment, "intent": intent, "priority": priority}
        with_scores = new_frozen(Mention, attrs)
        attrs["reply"] = self._reply(with_scores, intent, self.config.business, self.config.replies)
        return new_frozen(Mention, attrs)
