"""Qt views. No SQL and no business rules here: everything goes through app.services."""
