"""mentionwatch: find the public mentions that need an answer from you today, and draft it."""

__version__ = "0.1.0"
