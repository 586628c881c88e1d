"""How long the claim registry takes: ``python -m backprop verify`` as a whole, and each claim.

Run from the repository root (``make bench`` runs it after ``bench_train.py``)::

    .venv/bin/python bench/bench_verify.py [--repeats 1] [--top 20] [--note 002]

1. The whole command, as a reader runs it: a fresh ``python -m backprop verify`` process
   (imports, SymPy instances, every check), wall-clock seconds, the minimum of ``--repeats``.
2. Each claim in one process: the note's SymPy instance is built first and timed on its own
   (``instance()`` is cached and shared by the note's claims), then each claim's check is timed
   in its three parts, the steps of `Claim.verify`: the note's formula (``transcription``),
   SymPy's reference (``reference``) and the exact comparison (`compare_any`). The slowest
   claims are listed first. Target of issue 8: the whole registry in under 30 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

from sympy.matrices.exceptions import ShapeError

TARGET_SECONDS = 30.0


@dataclass
class Timing:
    """One claim's check, in parts (seconds), and its verdict against the expected one."""

    id: str
    note: str
    transcription: float
    reference: float
    compare: float
    got: str
    expected: str

    @property
    def total(self) -> float:
        return self.transcription + self.reference + self.compare


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(note: str | None, repeats: int) -> tuple[float, float, int, str]:
    """Minimum wall and CPU seconds of a fresh ``python -m backprop verify``, exit code, last line.

    The CPU time (user + system of the child) is what a quiet machine would take as wall time
    (the check is single-threaded); the wall time grows when other processes share the cores.
    """
    cmd = [sys.executable, "-m", "backprop", "verify"] + (["--note", note] if note else [])
    env = dict(os.environ, BACKPROP_OFFLINE=os.environ.get("BACKPROP_OFFLINE", "1"))
    best, best_cpu, code, last = float("inf"), float("inf"), 0, ""
    for _ in range(repeats):
        start, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, _children_cpu() - cpu)
        code = done.returncode
        lines = (done.stdout or done.stderr).strip().splitlines()
        last = lines[-1] if lines else ""
    return best, best_cpu, code, last


def time_claims(note: str | None) -> tuple[float, dict[str, float], list[Timing]]:
    """Import time of the registry, build time of each note's instance, each claim's parts."""
    start = time.perf_counter()
    from backprop.claims import FAILS, HOLDS, all_claims, compare_any

    claims = all_claims(note)
    imported = time.perf_counter() - start
    instances: dict[str, float] = {}
    built: set[int] = set()
    timings = []
    for claim in claims:
        if id(claim.instance) not in built:
            start = time.perf_counter()
            claim.instance()
            key = f"{claim.note} {getattr(claim.instance, '__name__', 'instance')}"
            instances[key] = instances.get(key, 0.0) + time.perf_counter() - start
            built.add(id(claim.instance))
        inst = claim.instance()
        t0 = time.perf_counter()
        try:
            formula = claim.transcription(inst)
        except ShapeError:
            formula = None
        t1 = time.perf_counter()
        truth = claim.reference(inst) if formula is not None else None
        t2 = time.perf_counter()
        if formula is None:
            equal = False
        else:
            options = claim.compare_options
            options = options(inst) if callable(options) else options
            equal = compare_any(formula, truth, **options).equal
        t3 = time.perf_counter()
        timings.append(Timing(claim.id, claim.note, t1 - t0, t2 - t1, t3 - t2,
                              HOLDS if equal else FAILS, claim.expected))
    return imported, instances, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="runs of the whole command (min)")
    parser.add_argument("--top", type=int, default=20, help="how many of the slowest to list")
    parser.add_argument("--note", help="only this note's claims (e.g. 002)")
    args = parser.parse_args()

    seconds, cpu, code, last = time_command(args.note, args.repeats)
    verdict = "under" if seconds < TARGET_SECONDS else "OVER"
    print(f"python -m backprop verify{' --note ' + args.note if args.note else ''}: "
          f"{seconds:.1f} s wall ({verdict} the {TARGET_SECONDS:.0f} s target), {cpu:.1f} s CPU, "
          f"min of {args.repeats}; exit status {code}")
    print(f"  {last}")

    imported, instances, timings = time_claims(args.note)
    checks = sum(t.total for t in timings)
    print(f"\nin one process: import {imported:.2f} s, instances "
          f"{sum(instances.values()):.2f} s, {len(timings)} checks {checks:.2f} s")
    for key, secs in sorted(instances.items(), key=lambda kv: -kv[1]):
        print(f"  instance {key}: {secs:.2f} s")
    print(f"\nthe {min(args.top, len(timings))} slowest checks (seconds):")
    header = f"{'total':>7} {'formula':>8} {'ref':>7} {'compare':>8}  {'verdict':<16} id"
    print(header)
    print("-" * len(header))
    for t in sorted(timings, key=lambda t: -t.total)[: args.top]:
        verdict = t.got if t.got == t.expected else f"{t.got} (!{t.expected})"
        print(f"{t.total:>7.2f} {t.transcription:>8.2f} {t.reference:>7.2f} {t.compare:>8.2f}"
              f"  {verdict:<16} {t.id}")
    notes = sorted({t.note for t in timings})
    print("\nper note: " + ", ".join(
        f"{n} {sum(t.total for t in timings if t.note == n):.1f} s "
        f"({sum(t.note == n for t in timings)} claims)" for n in notes))


if __name__ == "__main__":
    main()
