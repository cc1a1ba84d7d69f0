"""The unlock PIN is kept only as a salted scrypt hash, and only digits are accepted."""

from __future__ import annotations

import pytest

from app.services.unlock_pin import check_pin, hash_pin, parse_pin


def test_only_a_salted_hash_is_kept() -> None:
    first, second = hash_pin("2580"), hash_pin("2580")
    assert "2580" not in first
    assert first != second  # each hash has its own salt
    scheme, n, _r, _p, salt, digest = first.split("$")
    assert scheme == "scrypt" and int(n) >= 2**14 and len(salt) == 32 and len(digest) == 64
    assert check_pin("2580", first) and check_pin("2580", second)
    assert not check_pin("2581", first) and not check_pin("", first)
    assert not check_pin("2580", "") and not check_pin("2580", "scrypt$x$y$z$zz$00")


@pytest.mark.parametrize("typed", ["123", "12a4", "1234567890123", "١٢٣٤", "12 34"])
def test_a_pin_is_four_to_twelve_digits(typed: str) -> None:
    with pytest.raises(ValueError, match=r"Unlock PIN: use 4 to 12 digits \(0–9 only\)"):
        parse_pin(typed)
    assert parse_pin(" 0042 ") == "0042"
