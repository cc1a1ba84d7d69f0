"""What the desktop app and the district server share: the rules over a record's fields.

Validation, display of dates and numbers, wire encoding, value converters, bulk writes and
the schema revision. It builds on the record models in ``app.models`` and imports neither
the desktop services (``app.services``) nor Qt, so the server can use it without the
desktop app; tests/test_layering.py keeps it so.
"""
