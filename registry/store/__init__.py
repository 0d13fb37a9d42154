"""The registry store: one protocol, SQLite and PostgreSQL backends, schema migrations, row mapping."""
