"""The district server: receives officers' changes, hands each device what it may see.

A FastAPI app over its own SQLAlchemy store (PostgreSQL in production, SQLite embedded).
The wire contract is docs/sync-protocol.md; table and field names come from ``app.models``
so the server and the desktop client cannot drift apart.
"""
