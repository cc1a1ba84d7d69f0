"""Workflow rules, storage access, export and sync. No Qt here: the UI wraps these."""
