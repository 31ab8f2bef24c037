"""Allow ``python -m mentionwatch``; the console script starts here too, so Ctrl-C while loading is clean."""

import sys


def entry() -> None:
    """Run the CLI; an interrupt while it is still loading exits 130 with one line, never a traceback."""
    try:
        from mentionwatch.cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("mentionwatch: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    entry()
