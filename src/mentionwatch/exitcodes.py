"""Documented exit statuses."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """What ``mentionwatch`` exits with; documented in the README."""

    OK = 0
    ERROR = 1  # unexpected error (a bug, or the environment broke); the store busy past its wait
    USAGE = 2  # bad command line, config or input file; a store that is not usable (corrupt, unwritable, too new)
    PARTIAL = 3  # some sources (or input lines) failed; the rest was printed
    DELIVERY_FAILED = 4  # the digest could not be mailed; nothing was marked as sent
    INTERRUPTED = 130  # Ctrl-C / SIGINT
