"""LPC Partnerships: the Lead Police Contact's tool for the Police-School Partnership Model."""

# The one place the version is written; pyproject.toml reads it from here.
__version__ = "0.1.0"

APP_NAME = "LPC Partnerships"
APP_ID = "lpc-partnerships"
