"""Where the test suite's CPU time goes: a pytest plugin and its report.

Record (each xdist worker writes one TSV: test id, own CPU, CPU of the processes it waited
for, wall; all in seconds)::

    PYTHONPATH=bench SUITE_CPU_DIR=/tmp/suite-cpu /usr/bin/time -v python -m pytest -q -p suite_cpu

Report (per file, then the N costliest tests)::

    python bench/suite_cpu.py /tmp/suite-cpu 30

A test's CPU is ``getrusage`` of its worker before and after it (self, and the children it
waited for: every ``subprocess.run``), so the per-test figures add up to the run's total
less collection and start-up.
"""

from __future__ import annotations

import collections
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_ROWS: list[tuple[str, float, float, float]] = []


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    own, children = _cpu()
    start = time.perf_counter()
    yield
    own_after, children_after = _cpu()
    _ROWS.append((item.nodeid, own_after - own, children_after - children, time.perf_counter() - start))


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = Path(os.environ.get("SUITE_CPU_DIR", "suite-cpu"))
    folder.mkdir(parents=True, exist_ok=True)
    own, children = _cpu()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(folder / f"{worker}.tsv", "w", encoding="utf-8") as out:
        out.write(f"#total\t{own:.3f}\t{children:.3f}\t0\n")
        for name, own_cpu, children_cpu, wall in _ROWS:
            out.write(f"{name}\t{own_cpu:.4f}\t{children_cpu:.4f}\t{wall:.4f}\n")


def report(folder: Path, top: int) -> None:
    rows: list[tuple[str, float, float, float]] = []
    totals = {}
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            name, own, children, wall = line.split("\t")
            if name == "#total":
                totals[path.stem] = (float(own), float(children))
            else:
                rows.append((name, float(own), float(children), float(wall)))
    print("process totals (own, waited-for children):", totals)
    in_tests = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"in tests: own {in_tests[0]:.1f} s, children {in_tests[1]:.1f} s, {len(rows)} tests")
    files: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for name, own, children, _ in rows:
        entry = files[name.split("::")[0]]
        entry[0] += own
        entry[1] += children
        entry[2] += 1
    print(f"{'file':<40} {'own':>7} {'child':>7} {'total':>7} {'tests':>6}")
    for name, (own, children, count) in sorted(files.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        print(f"{name:<40} {own:7.1f} {children:7.1f} {own + children:7.1f} {int(count):6d}")
    print()
    for name, own, children, wall in sorted(rows, key=lambda r: -(r[1] + r[2]))[:top]:
        print(f"{own:6.2f} {children:6.2f} {wall:7.2f}  {name}")


if __name__ == "__main__":
    report(
        Path(sys.argv[1] if len(sys.argv) > 1 else "suite-cpu"), int(sys.argv[2]) if len(sys.argv) > 2 else 30
    )
