"""Figures of one load phase, the server processes' CPU and memory, and the targets."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")

# Targets on the 2-core development machine (issue 19).
STORM_P95 = 0.250  # s, whole device sync
BURST_DRAIN = 20.0  # s, from the first arrival to the last sync done
BURST_P95 = 8.0  # s, whole device sync
CAPACITY = 0.4  # burst sync requests/s over the health yardstick's requests/s


@dataclass
class Usage:
    cpu_seconds: float
    rss_mib: float
    processes: int
    bench_cpu_seconds: float  # this load generator's own CPU: near 1 s/s, it is the limit
    database_cpu_seconds: float | None = None  # PostgreSQL's processes; None: not ours


@dataclass
class Phase:
    name: str
    spread: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    syncs: list[float] = field(default_factory=list)
    changes: int = 0
    elapsed: float = 0.0
    usage: Usage | None = None

    def latency(self, name: str, seconds: float) -> None:
        self.latencies.setdefault(name, []).append(seconds)

    def error(self, name: str, what: str) -> None:
        self.errors.append(f"{name}: {what}")

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 (seconds); a single value is all three."""
    if len(values) < 2:
        v = values[0] if values else 0.0
        return v, v, v
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


def _family(pid: int) -> list[int]:
    """The process and every descendant (uvicorn's workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _reaped_cpu(pid: int) -> float:
    """CPU of the children ``pid`` has waited for: PostgreSQL backends that have exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / TICKS  # cutime + cstime


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class ProcessUsage:
    """CPU time the server's processes (and PostgreSQL's, given its postmaster) spent
    during a phase, and the server's memory at its end."""

    def __init__(self, pid: int, database_pid: int | None = None) -> None:
        self.pid = pid
        self.database_pid = database_pid
        self._start = 0.0
        self._own = 0.0
        self._database = 0.0

    def _cpu_now(self) -> float:
        return sum(_cpu(p) for p in _family(self.pid))

    def _database_now(self) -> float:
        if self.database_pid is None:
            return 0.0
        pids = _family(self.database_pid)
        return sum(_cpu(p) for p in pids) + _reaped_cpu(self.database_pid)

    def start(self) -> None:
        self._start = self._cpu_now()
        self._database = self._database_now()
        self._own = time.process_time()

    def stop(self) -> Usage:
        family = _family(self.pid)
        database = None
        if self.database_pid is not None:
            database = self._database_now() - self._database
        return Usage(
            self._cpu_now() - self._start,
            sum(_rss_mib(p) for p in family),
            len(family),
            time.process_time() - self._own,
            database,
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def print_phase(phase: Phase) -> None:
    print(f"\n{phase.name}: {phase.requests:,} requests in {phase.elapsed:.1f} s", flush=True)
    print(f"  requests/s {phase.rate:,.0f}; changes/s {phase.changes / phase.elapsed:,.0f}")
    for name, values in sorted(phase.latencies.items()):
        p50, p95, p99 = percentiles(values)
        print(f"  {name:<8} n={len(values):>6,}  p50 {_ms(p50)}  p95 {_ms(p95)}  p99 {_ms(p99)}")
    if phase.syncs:
        p50, p95, p99 = percentiles(phase.syncs)
        print(
            f"  device sync n={len(phase.syncs):,}  p50 {_ms(p50)}  p95 {_ms(p95)}  p99 {_ms(p99)}"
        )
    if phase.usage is not None:
        u = phase.usage
        print(
            f"  server: {u.processes} process(es), CPU {u.cpu_seconds:.1f} s "
            f"({u.cpu_seconds / phase.elapsed:.0%} of one core), RSS {u.rss_mib:,.0f} MiB; "
            f"load generator CPU {u.bench_cpu_seconds:.1f} s "
            f"({u.bench_cpu_seconds / phase.elapsed:.0%} of one core)"
        )
        if u.database_cpu_seconds is None:
            print("  PostgreSQL CPU: not measured (a database this bench did not start)")
        else:
            d = u.database_cpu_seconds
            print(f"  PostgreSQL CPU {d:.1f} s ({d / phase.elapsed:.0%} of one core)")
        if phase.requests:
            per = 1000 / phase.requests
            database = f", PostgreSQL {d * per:.2f}" if u.database_cpu_seconds is not None else ""
            print(
                f"  CPU per request (ms): server {u.cpu_seconds * per:.2f}{database}, "
                f"load generator {u.bench_cpu_seconds * per:.2f}"
            )
    print(f"  errors {len(phase.errors)}")
    for line in phase.errors[:5]:
        print(f"    {line}")


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def print_targets(
    health: Phase, storm: Phase, burst: Phase, problems: list[str], smoke: bool
) -> None:
    storm_p95 = percentiles(storm.syncs)[1]
    burst_p95 = percentiles(burst.syncs)[1]
    ratio = burst.rate / health.rate if health.rate else 0.0
    errors = len(storm.errors) + len(burst.errors)
    print("\nFigure                                   measured     target")
    rows = [
        ("storm p95 device sync", _ms(storm_p95), "< 250 ms", storm_p95 < STORM_P95),
        ("burst drained", f"{burst.elapsed:.1f} s", "< 20 s", burst.elapsed < BURST_DRAIN),
        ("burst p95 device sync", _ms(burst_p95), "< 8 s", burst_p95 < BURST_P95),
        (
            "burst sync requests/s vs health",
            f"{burst.rate:,.0f}/{health.rate:,.0f}/s = {ratio:.2f}x",
            ">= 0.4x",
            ratio >= CAPACITY,
        ),
        ("errors (storm + burst)", str(errors), "0", errors == 0),
        ("lost or duplicated changes", str(len(problems)), "0", not problems),
    ]
    for label, measured, target, ok in rows:
        print(f"  {label:<36} {measured:<24} {target:<9} {_verdict(ok)}")
    for problem in problems:
        print(f"  problem: {problem}")
    if smoke:
        print("(smoke run: a tiny store, so the timings say nothing)")
    else:
        print("(a shared 2-core machine: other work was running, so treat these as upper bounds)")
