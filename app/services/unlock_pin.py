"""The optional PIN that unlocks the privacy screen of a keyring-protected store.

Only an scrypt hash with its own salt is kept (in ``settings.json``), never the PIN. What it
guards against is a student or parent at the officer's unlocked laptop; a four-digit PIN's
hash in a readable file does not stand up to someone who can copy the file and try all
10,000 PINs, which is why the store key never depends on it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PIN_LABEL = "Unlock PIN"
PIN_MIN, PIN_MAX = 4, 12
# About 30 ms and 32 MiB: each guess at the lock screen costs that much again.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def parse_pin(text: str) -> str:
    """The PIN as typed; raises ValueError with a message naming the field."""
    pin = text.strip()
    if not pin.isascii() or not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        raise ValueError(f"{PIN_LABEL}: use {PIN_MIN} to {PIN_MAX} digits (0–9 only).")
    return pin


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def hash_pin(pin: str) -> str:
    """``scrypt$n$r$p$salt$hash`` for a valid PIN (see ``parse_pin``)."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(parse_pin(pin), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Does ``pin`` match ``stored``? A damaged hash matches nothing."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        typed = _scrypt(pin.strip(), bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(typed, expected)
