"""Mention sources: the interface in :mod:`.base`, the registry in :mod:`.registry`, one module per source."""
