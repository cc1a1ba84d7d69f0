"""What the load run sent, and the check against the database afterwards that nothing
was lost or applied twice."""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from dataclasses import dataclass, field

import psycopg

from bench.server_load_seed import libpq

CHUNK = 1_000


@dataclass
class Ledger:
    """Every change sent: its row and the unique value it set, and what came back."""

    rows: dict[str, str] = field(default_factory=dict)  # change_id -> row_id
    values: dict[str, str] = field(default_factory=dict)  # change_id -> value
    last: dict[str, str] = field(default_factory=dict)  # row_id -> the last value sent
    answers: Counter[str] = field(default_factory=Counter)
    not_pulled_back: list[str] = field(default_factory=list)
    _numbers: itertools.count[int] = field(default_factory=itertools.count)

    def new_batch(self) -> str:
        return str(uuid.uuid4())

    def new_change(self, row_id: str) -> str:
        change_id = str(uuid.uuid4())
        value = f"09 {next(self._numbers):07d}"
        self.rows[change_id] = row_id
        self.values[change_id] = value
        return change_id

    def value_of(self, change_id: str) -> str:
        return self.values[change_id]

    def answered(self, change_id: str) -> None:
        """The server said it took this change (a device's answers come in order)."""
        self.answers[change_id] += 1
        self.last[self.rows[change_id]] = self.values[change_id]

    def pulled_back(self, change_ids: list[str], seen: set[str]) -> None:
        """The device's pull right after its push must bring its own rows back: a row
        missing there was skipped by the cursor (a seq made visible out of order)."""
        self.not_pulled_back.extend(c for c in change_ids if self.rows[c] not in seen)


def verify(url: str, ledger: Ledger) -> list[str]:
    """Problems found: changes never answered; changes answered but missing from the
    change log or logged twice; records not holding the value last sent; changes a
    device's own pull skipped."""
    problems: list[str] = []
    ids = [c for c in ledger.rows if ledger.answers[c]]  # unanswered: sent again later
    logged: Counter[str] = Counter()
    phones: dict[str, str] = {}
    with psycopg.connect(libpq(url)) as conn:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            for (change_id,) in conn.execute(
                "SELECT change_id FROM change_log WHERE change_id = ANY(%s)", (part,)
            ):
                logged[change_id] += 1
        row_ids = list(ledger.last)
        for start in range(0, len(row_ids), CHUNK):
            part = row_ids[start : start + CHUNK]
            for row_id, phone in conn.execute(
                "SELECT row_id, fields->>'phone' FROM records "
                "WHERE table_name = 'people' AND row_id = ANY(%s)",
                (part,),
            ):
                phones[row_id] = phone
        duplicate_seqs = conn.execute(
            "SELECT count(*) - count(DISTINCT seq) FROM records"
        ).fetchone()
    lost = [c for c in ids if logged[c] == 0]
    unanswered = len(ledger.rows) - len(ids)
    twice = [c for c in ids if logged[c] > 1 or ledger.answers[c] > 1]
    wrong = [r for r, v in ledger.last.items() if phones.get(r) != v]
    if lost:
        problems.append(f"{len(lost):,} changes the server took are not in the change log")
    if unanswered:
        problems.append(f"{unanswered:,} changes were never answered (the device would resend)")
    if twice:
        problems.append(f"{len(twice):,} changes were applied or answered more than once")
    if wrong:
        problems.append(f"{len(wrong):,} records do not hold the value last sent")
    if ledger.not_pulled_back:
        problems.append(
            f"{len(ledger.not_pulled_back):,} changes were skipped by their device's own pull"
        )
    if duplicate_seqs and duplicate_seqs[0]:
        problems.append(f"{duplicate_seqs[0]:,} records share a seq")
    return problems
