"""Start-up benchmark: awsref against the same interpreter's ``python -c pass``.

Stdlib only; installs nothing. It runs each scenario against the installed ``awsref``
console script, alternating with ``python -c pass`` of the interpreter that script runs
on, and prints the median of the per-pair ratios. ``--scale`` also builds synthetic
knowledge bases 10x the packaged one and the largest the size cap admits, and runs the
scenarios against them via AWSREF_DATA, plus an in-process search timing on the largest.

    python bench/startup.py [--pairs 15] [--scale] [--awsref PATH]
    python bench/startup.py --quick     # CI's form, run by tests/test_startup.py
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import pty
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TARGETS = {
    "complete-bash": 1.5,
    "complete-zsh": 1.5,
    "complete-fish": 1.5,
    "limit-table-tty": 7.0,
    "limit-piped": 3.0,
    "limit-text": 3.0,
    "limit-json": 3.0,
    "search-tty": 8.0,
}


# The quick form (CI): fewer runs, best times, and this much slack on every target.
QUICK_PAIRS = 3
QUICK_SLACK = 0.25


def scenarios() -> dict[str, tuple[list[str], dict[str, str], bool]]:
    """name -> (awsref arguments, extra environment, run on a pseudo-terminal)."""
    return {
        "complete-bash": (
            [],
            {"_AWSREF_COMPLETE": "complete_bash", "COMP_WORDS": "awsref limit sqs ", "COMP_CWORD": "3"},
            False,
        ),
        "complete-zsh": (
            [],
            {"_AWSREF_COMPLETE": "complete_zsh_pairs", "_TYPER_COMPLETE_ARGS": "awsref limit sq"},
            False,
        ),
        "complete-fish": (
            [],
            {
                "_AWSREF_COMPLETE": "complete_fish",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                "_TYPER_COMPLETE_ARGS": "awsref define visib",
            },
            False,
        ),
        "limit-table-tty": (["limit", "sqs", "message-size"], {}, True),
        "limit-piped": (["limit", "sqs", "message-size"], {}, False),
        "limit-text": (["limit", "sqs", "message-size", "-o", "text"], {}, False),
        "limit-json": (["limit", "sqs", "message-size", "-o", "json"], {}, False),
        "search-tty": (["search", "message", "size"], {}, True),
    }


def interpreter_of(script: str) -> str:
    """The Python a console script runs on (its shebang), else this one."""
    with open(script, "rb") as f:
        first = f.readline().decode(errors="replace").strip()
    if first.startswith("#!") and "python" in first:
        return first[2:].split()[0]
    return sys.executable


def _children_cpu() -> float:
    """CPU seconds (user + system) of every child waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv: list[str], env: dict[str, str], tty: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; output is drained and discarded."""
    cpu = _children_cpu()
    if tty:
        master, slave = pty.openpty()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdout=slave, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
        )
        os.close(slave)
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        proc.wait()
        elapsed = time.perf_counter() - start
        os.close(master)
        return elapsed, _children_cpu() - cpu
    start = time.perf_counter()
    subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def measure(
    awsref: str, python: str, pairs: int, env_extra: dict[str, str], names: list[str], best: bool = False
) -> dict[str, tuple]:
    """name -> (median ratio, median awsref ms, median baseline ms) of wall time; with
    ``best``, of CPU time, the smallest of each: what a busy machine (CI, with the tests
    running beside it) can still measure, since other processes barely change it."""
    results = {}
    for name in names:
        args, env, tty = scenarios()[name]
        full_env = {**os.environ, "COLUMNS": "100", **env_extra, **env}
        base_env = {**os.environ}
        run_once([awsref, *args], full_env, tty)  # warm the cache and the OS
        ratios, mine, base = [], [], []
        for _ in range(pairs):
            b_wall, b_cpu = run_once([python, "-c", "pass"], base_env, tty)
            m_wall, m_cpu = run_once([awsref, *args], full_env, tty)
            b, m = (b_cpu, m_cpu) if best else (b_wall, m_wall)
            ratios.append(m / b)
            mine.append(m)
            base.append(b)
        if best:
            results[name] = (min(mine) / min(base), 1000 * min(mine), 1000 * min(base))
            continue
        results[name] = (
            statistics.median(ratios),
            1000 * statistics.median(mine),
            1000 * statistics.median(base),
        )
    return results


DATA_CAP = 16 * 1024 * 1024  # awsref.loader.MAX_DATA_BYTES: a larger knowledge base is refused


def synthetic(doc: dict, factor: int) -> dict:
    """A knowledge base ``factor`` times the size of ``doc``: copies with suffixed names."""
    out: dict = {"schema_version": 1, "services": [], "terms": [], "comparisons": []}
    for k in range(factor):
        sfx = "" if k == 0 else f"-x{k}"
        word = "" if k == 0 else f" x{k}"

        def ren(ident: str, sfx: str = sfx) -> str:
            return ident + sfx

        for s in doc["services"]:
            s2 = copy.deepcopy(s)
            s2.update(
                id=ren(s["id"]),
                name=s["name"] + word,
                full_name=s["full_name"] + word,
                aliases=[a + word for a in s["aliases"]],
            )
            out["services"].append(s2)
        for t in doc["terms"]:
            t2 = copy.deepcopy(t)
            t2.update(
                id=ren(t["id"]),
                term=t["term"] + word,
                aliases=[a + word for a in t["aliases"]],
                services=[ren(x) for x in t["services"]],
                see_also=[ren(x) for x in t["see_also"]],
            )
            out["terms"].append(t2)
        for c in doc["comparisons"]:
            c2 = copy.deepcopy(c)
            c2.update(
                id=ren(c["id"]),
                title=c["title"] + word,
                aliases=[a + word for a in c["aliases"]],
                subjects=[ren(x) for x in c["subjects"]],
                services=[ren(x) for x in c["services"]],
            )
            out["comparisons"].append(c2)
    return out


def in_process_search(python: str, data: str, env: dict[str, str], runs: int = 15) -> tuple[float, float]:
    """(median ms to open the KB and load the search index, median ms per search) in a child."""
    code = f"""
import statistics, time
from awsref.kb import open_kb
from awsref.lookup import search
loads, queries = [], []
for _ in range({runs}):
    t0 = time.perf_counter(); kb = open_kb(); kb.section("search"); t1 = time.perf_counter()
    search(kb, ["message", "size"]); t2 = time.perf_counter()
    loads.append(t1 - t0); queries.append(t2 - t1)
print(1000 * statistics.median(loads), 1000 * statistics.median(queries))
"""
    out = subprocess.run(
        [python, "-c", code],
        env={**os.environ, **env, "AWSREF_DATA": data},
        capture_output=True,
        text=True,
        check=True,
    )
    load, query = out.stdout.split()
    return float(load), float(query)


def table(rows: list[tuple[str, str, tuple, str]]) -> str:
    lines = [
        "| scenario | knowledge base | ratio | awsref ms | `python -c pass` ms | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, kb, (ratio, mine, base), target in rows:
        lines.append(f"| {name} | {kb} | {ratio:.2f}x | {mine:.1f} | {base:.1f} | {target} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pairs", type=int, default=15, help="runs of each scenario, alternating with the baseline"
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="also run on synthetic knowledge bases 10x and as large as the size cap admits",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"CI's form: {QUICK_PAIRS} pairs, best CPU times, 1x only, targets with "
        f"{QUICK_SLACK:.0%} slack: catches a regression, does not certify a figure",
    )
    parser.add_argument(
        "--awsref", default=shutil.which("awsref"), help="the awsref console script to measure"
    )
    args = parser.parse_args()
    if args.quick:
        args.pairs, args.scale = QUICK_PAIRS, False
    slack = 1 + QUICK_SLACK if args.quick else 1.0
    if not args.awsref:
        print("bench: no installed awsref found on PATH (pip install . first)", file=sys.stderr)
        return 2
    python = interpreter_of(args.awsref)
    print(
        f"# awsref start-up benchmark, {time.strftime('%Y-%m-%d')}, {platform.platform()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{args.pairs} pairs\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        cache_env = {"AWSREF_CACHE_DIR": os.path.join(tmp, "cache"), "AWSREF_NOTES_DIR": ""}
        rows = []
        names = list(scenarios())
        base = measure(args.awsref, python, args.pairs, cache_env, names, best=args.quick)
        rows += [(n, "1x", base[n], f"<= {TARGETS[n] * slack:.2f}x") for n in names]
        missed = [n for n in names if base[n][0] > TARGETS[n] * slack]
        if args.scale:
            doc = json.loads((ROOT / "data" / "notes.json").read_text(encoding="utf-8"))
            size = len(json.dumps(doc))
            largest = max(2, int(DATA_CAP * 0.95 // size))  # the largest the cap admits
            for factor in sorted({min(10, largest), largest}):
                path = os.path.join(tmp, f"kb{factor}.json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(synthetic(doc, factor), f)
                env = {**cache_env, "AWSREF_DATA": path}
                scaled_names = ["complete-bash", "complete-zsh", "complete-fish", "limit-text", "limit-json"]
                res = measure(args.awsref, python, args.pairs, env, scaled_names)
                for n in scaled_names:
                    limit = 2 * base[n][0]
                    rows.append((n, f"{factor}x", res[n], f"<= {limit:.2f}x (2x the 1x figure)"))
                    if res[n][0] > limit:
                        missed.append(f"{n} {factor}x")
                if factor == largest:
                    load, query = in_process_search(python, path, env)
                    print(
                        f"search on the {factor}x knowledge base (the largest the size cap admits), "
                        f"in-process: load {load:.1f} ms, query {query:.1f} ms (target: query <= 100 ms)\n"
                    )
                    if query > 100:
                        missed.append(f"search {factor}x")
        print(table(rows))
    if missed:
        print("targets missed: " + ", ".join(missed))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
