"""The console's second factor: TOTP (RFC 6238, 30-second codes, as every authenticator
app makes them) and one-use recovery codes kept only as Argon2 hashes.

The QR code is drawn here as SVG (no network, no image library): an authenticator app
scans it from the screen; the secret is shown as text beside it for typing in instead.
"""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime

import pyotp
import qrcode
import qrcode.image.svg
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import RecoveryCode, User
from server.security import hash_password, verify_password

ISSUER = "LPC Partnerships console"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(text: str) -> str:
    """An inline ``<svg>`` element of the QR code for ``text`` (our own URI, no user text
    beyond the username, which the SVG writer escapes)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    start = svg.find("<svg")
    return svg[start:]  # without the XML declaration, to sit inside HTML


def code_matches(secret: str, code: str) -> bool:
    """A six-digit code of this or the neighbouring 30-second step (clocks drift)."""
    digits = code.replace(" ", "").strip()
    return digits.isdigit() and pyotp.TOTP(secret).verify(digits, valid_window=1)


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are returned to show once."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(c)) for c in codes)
    session.flush()
    return codes


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    """True (and the code is spent) when ``code`` is one of the user's unused codes."""
    typed = code.strip().lower()
    if len(typed) != 11 or typed[5] != "-":
        return False
    for row in session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ):
        if verify_password(row.code_hash, typed):
            row.used_at = datetime.now(UTC)
            return True
    return False
