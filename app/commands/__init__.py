"""Headless commands (``python -m app NAME``), one module each.

A command module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int`` (the exit status). ``app.cli`` finds them by name.
"""

COMMAND_MODULES: tuple[str, ...] = (
    "doctor",
    "export",
    "login",
    "sync",
    "backup",
    "restore",
    "report",
    "calendar",
    "import_school_copy",
)
