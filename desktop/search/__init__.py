"""User text -> safe FTS5 query -> ranked hits with snippets (no Qt)."""
