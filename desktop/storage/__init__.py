"""The content database (read-only, shipped) and the user database (migrated, one writer)."""
