"""Review projects: the SQLite store, pure edit operations, review views, project actions."""
