"""The store's schema revision, which the app and the server compare on every sync request.

Known without loading Alembic so a normal start stays fast; tests/migrations checks it
matches the head of migrations/versions. A new migration updates it.
"""

SCHEMA_HEAD = "0014"
