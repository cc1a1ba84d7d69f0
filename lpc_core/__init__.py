"""What the desktop app and the district server share: the rules over a record's fields.

Validation, display of dates and numbers, wire encoding, value converters, bulk writes,
the schema revision, the partnership rules (what is overdue or due: ``rules``, plan
review horizons: ``reviews``) and the district summary (``district``, its files:
``district_summary``), so the console on the server and the desktop agree. It builds
on the record models in ``app.models`` and imports neither the desktop services
(``app.services``) nor Qt, so the server can use it without the desktop app;
tests/test_layering.py keeps it so.
"""
