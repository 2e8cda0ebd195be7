"""Full-text index objects over document pages (FTS5 on SQLite, tsvector on PostgreSQL)."""
