"""Allow ``python -m mentionwatch``."""

from mentionwatch.cli import main

if __name__ == "__main__":
    main()
