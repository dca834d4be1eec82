"""Storage: settings, engines for SQLite and PostgreSQL, and migrations."""
