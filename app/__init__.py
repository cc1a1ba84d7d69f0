"""LPC Partnerships: the Lead Police Contact's tool for the Police-School Partnership Model."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lpc-partnerships")
except PackageNotFoundError:  # running from a source tree or a PyInstaller bundle
    __version__ = "0.1.0"

APP_NAME = "LPC Partnerships"
APP_ID = "lpc-partnerships"
