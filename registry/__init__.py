"""The compliance registry: schema, store (SQLite or PostgreSQL), exports, policy and gate."""
