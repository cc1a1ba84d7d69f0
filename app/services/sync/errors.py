"""What can go wrong talking to the district server, in words an officer can act on."""

from __future__ import annotations


class SyncError(Exception):
    """Sync could not finish; the message says why and what to do."""


class OfflineError(SyncError):
    """The server could not be reached. Working offline is normal, not a failure."""


class SignInRequiredError(SyncError):
    """No token, or the server no longer accepts it: the officer must sign in again."""


class AccountRefusedError(SignInRequiredError):
    """The password was right but the account may not sign in yet (disabled, or a reset
    password still to be replaced); the server's sentence says what to do."""


class NotSetUpError(SignInRequiredError):
    """No server address or username yet: sync has not been set up on this device."""


class SchemaMismatchError(SyncError):
    """This app and the server expect different database versions."""


class CancelledError(SyncError):
    """The officer (or the app closing) asked sync to stop. Nothing half-done is kept."""


class RefusedError(SyncError):
    """The server refused a request for good (403 or 422): sending it again will not help.
    ``server_message`` is the server's own sentence (it names the field for a 422)."""

    def __init__(self, message: str, status: int, server_message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.server_message = server_message


class TooLargeError(SyncError):
    """The server refused a request as too large (413) before reading it: nothing of it
    was applied, so the same content may be sent again in smaller pieces."""
