"""Quality benchmark: does awsref answer right, and say "unknown" when it does not know?

Runs every query of ``bench/quality_set.json`` through the same functions the CLI
calls (in-process, on the packaged knowledge base) and prints a confusion table per
command and per category:

- right: the answer (or, for ``search``, one of the top three hits) is an expected entry;
- wrong: an answer with exit 0 about another entry: the worst outcome;
- missed (search only): the right entry is not among the top three hits;
- flagged: an ambiguous answer whose alternatives hold the right entry;
- right-unknown / wrong-unknown: "not found" for a query that must / must not be unknown.

Exits 1 when a target is missed:

- wrong answers <= 1% of all queries;
- >= 95% of the must-be-unknown queries answered "unknown";
- >= 95% of the answerable queries answered right (search: right entry in the top 3);
- >= 95% of the searches with the right entry in the top 3.

Every query carries ``"split": "tune"`` or ``"frozen"``, assigned once at random: tune
the ranking on the tuning half only, and read the frozen half when a change is complete.
Each set is reported per half: searches' top-1 and top-3 rates, the must-be-unknown
refusal rate, the wrong rate and the right rate.

    python bench/quality.py [--set FILE]... [--show wrong|unknown|all|none] [--half tune|frozen]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TARGETS = {"wrong": 0.01, "unknown": 0.95, "right": 0.95, "search": 0.95}


_TERM_NAMES: list[tuple[str, str]] = []


def _term_names(kb: object) -> list[tuple[str, str]]:
    """(" normalised name ", "term:ID") for every term name and alias of 8 letters or more."""
    if not _TERM_NAMES:
        for tid, *_ in kb.terms:  # type: ignore[attr-defined]
            term = kb.term(tid)  # type: ignore[attr-defined]
            for name in (term["term"].split("(")[0], *term["aliases"]):
                norm = _roots(name)
                if len(norm.replace(" ", "")) >= 8:
                    _TERM_NAMES.append((f" {norm} ", f"term:{tid}"))
    return _TERM_NAMES


def _roots(text: str) -> str:
    """The words of ``text`` as awsref stems them (mappings: mapping), space separated."""
    from awsref.text import normalize, stem

    return " ".join(stem(w) for w in normalize(text).split())


def fact_keys(kb: object, ref: str, snippet: str) -> str:
    """A fact hit's keys, joined by "|": its service, and every term the fact names (by a name
    or alias of 8 letters or more): a fact that explains a term answers a question about it."""
    sid = ref.partition("/")[0]
    keys = [f"service:{sid}"]
    text = f" {_roots(snippet)} "
    keys += [key for name, key in _term_names(kb) if name in text]
    return "|".join(dict.fromkeys(keys))


def keys_of(answer: object, kb: object = None) -> tuple[list[str], list[str]]:
    """(entries answered, best first; entries offered as alternatives) of an Answer. A search
    hit on a fact stands for its service and the terms it names (``fact_keys``)."""
    kind = answer.kind  # type: ignore[attr-defined]
    d = answer.data  # type: ignore[attr-defined]
    if kind == "limit":
        main = [f"limit:{d['service']}/{d['id']}"]
    elif kind == "limits":
        main = [f"service:{d['service']}"]
    elif kind == "term":
        main = [f"service:{d['id']}" if d.get("entity") == "service" else f"term:{d['id']}"]
    elif kind == "service":
        main = [f"service:{d['id']}"]
    elif kind == "comparison":
        main = [f"comparison:{d['id']}"] if d.get("curated") else [f"side-by-side:{','.join(d['subjects'])}"]
    elif kind == "hits":
        main = [
            fact_keys(kb, h["ref"], h["snippet"])
            if h["kind"] == "fact" and kb is not None
            else f"{h['kind']}:{h['ref']}"
            for h in d["hits"][:3]
        ]
        main = [f"service:{k.split(':')[1].split('/')[0]}" if k.startswith("fact:") else k for k in main]
    else:
        main = [f"{kind}:?"]
    also = [f"{a['kind']}:{a['id']}" for a in answer.also]  # type: ignore[attr-defined]
    return main, also


def run_query(kb: object, argv: list[str]) -> tuple[str, list[str], list[str], str]:
    """(command, answered entries, alternatives, match quality or "unknown"/"usage")."""
    from awsref import lookup
    from awsref.commands import lookup_for
    from awsref.entry import parse_fast
    from awsref.errors import NotFound, UsageError

    call = parse_fast(argv)
    if call is None:
        return argv[0] if argv else "?", [], [], "usage"
    command, words, _ = call
    try:
        if command == "list":
            answer = lookup.listing(kb, words[0] if words else "services")  # type: ignore[arg-type]
        else:
            answer = lookup_for(command)(kb, words)
    except NotFound:
        return command, [], [], "unknown"
    except UsageError:
        return command, [], [], "usage"
    main, also = keys_of(answer, kb)
    return command, main, also, answer.match


def judge(case: dict, main: list[str], also: list[str], quality: str) -> str:
    expect = case["expect"]
    if quality in ("unknown", "usage"):
        return "right-unknown" if expect == "unknown" else "wrong-unknown"
    if expect == "unknown":
        return "wrong"
    wanted = set(expect)
    top3 = {key for hit in main[:3] for key in hit.split("|")}
    if case["argv"][:1] == ["search"]:
        return "right" if wanted & top3 else "missed"
    if len(main) > 1:  # a bare query answered with search hits
        return "right" if wanted & top3 else "wrong"
    if main and main[0] in wanted:
        return "right"
    if quality == "ambiguous" and wanted & set(also):
        return "flagged"
    return "wrong"


def evaluate(cases: list[dict]) -> tuple[list[dict], dict[str, Counter]]:
    """Run every case; return the per-case results and counts by command and category."""
    os.environ.setdefault("AWSREF_CACHE_DIR", tempfile.mkdtemp(prefix="awsref-quality-"))
    os.environ["AWSREF_NOTES_DIR"] = ""
    os.environ.pop("AWSREF_DATA", None)
    from awsref.kb import open_kb

    kb = open_kb()
    results = []
    tables: dict[str, Counter] = defaultdict(Counter)
    for case in cases:
        command, main, also, quality = run_query(kb, case["argv"])
        outcome = judge(case, main, also, quality)
        results.append({**case, "command": command, "got": main[:3], "also": also, "outcome": outcome})
        tables[f"command {command}"][outcome] += 1
        tables[f"category {case['cat']}"][outcome] += 1
        tables["all"][outcome] += 1
    return results, tables


def halves(results: list[dict]) -> str:
    """One line per half (tune, frozen, both): the figures to compare across halves."""
    lines = [
        f"{'half':8}{'queries':>9}{'search top-1':>15}{'search top-3':>15}{'unknown refused':>17}"
        f"{'wrong':>9}{'right':>9}"
    ]

    def pct(count: int, total: int) -> str:
        return f"{count / total:.1%}" if total else "-"

    for half in ("tune", "frozen", None):
        rows = [r for r in results if half is None or r.get("split") == half]
        searches = [r for r in rows if r["argv"][:1] == ["search"] and r["expect"] != "unknown"]
        top1 = sum(bool(set(r["expect"]) & set("|".join(r["got"][:1]).split("|"))) for r in searches)
        top3 = sum(r["outcome"] == "right" for r in searches)
        must = [r for r in rows if r["expect"] == "unknown"]
        refused = sum(r["outcome"] == "right-unknown" for r in must)
        answerable = [r for r in rows if r["expect"] != "unknown"]
        right = sum(r["outcome"] == "right" for r in answerable)
        wrong = sum(r["outcome"] == "wrong" for r in rows)
        lines.append(
            f"{half or 'all':8}{len(rows):>9}{pct(top1, len(searches)):>15}{pct(top3, len(searches)):>15}"
            f"{pct(refused, len(must)):>17}{pct(wrong, len(rows)):>9}{pct(right, len(answerable)):>9}"
        )
    return "\n".join(lines)


def rates(results: list[dict]) -> dict[str, tuple[int, int]]:
    """(count, out of) for each target: wrong answers, unknown when it must be, right when answerable."""
    n = len(results)
    must_unknown = [r for r in results if r["expect"] == "unknown"]
    answerable = [r for r in results if r["expect"] != "unknown"]
    searches = [r for r in answerable if r["argv"][:1] == ["search"]]
    return {
        "wrong": (sum(r["outcome"] == "wrong" for r in results), n),
        "unknown": (sum(r["outcome"] == "right-unknown" for r in must_unknown), len(must_unknown)),
        "right": (sum(r["outcome"] == "right" for r in answerable), len(answerable)),
        "search": (sum(r["outcome"] == "right" for r in searches), len(searches)),
    }


def summary(results: list[dict], tables: dict[str, Counter]) -> tuple[str, list[str]]:
    """The confusion tables, the three rates, and the targets missed."""
    cols = ["right", "flagged", "missed", "wrong", "right-unknown", "wrong-unknown"]
    lines = [f"{'':22}" + "".join(f"{c:>14}" for c in cols) + f"{'total':>7}"]
    for name in sorted(tables, key=lambda n: (n == "all", n)):
        row = tables[name]
        lines.append(f"{name:22}" + "".join(f"{row[c]:>14}" for c in cols) + f"{sum(row.values()):>7}")
    lines.append("")
    missed = []
    labels = {
        "wrong": "wrong answers (exit 0, wrong entry)",
        "unknown": "unknown when it must be",
        "right": "right when answerable",
        "search": "search: right entry in the top 3",
    }
    for name, (count, total) in rates(results).items():
        rate = count / max(1, total)
        ok = rate <= TARGETS[name] if name == "wrong" else rate >= TARGETS[name]
        bound = f"<= {TARGETS[name]:.0%}" if name == "wrong" else f">= {TARGETS[name]:.0%}"
        lines.append(
            f"{labels[name]}: {count}/{total} = {rate:.1%} (target {bound}){'' if ok else '  MISSED'}"
        )
        if not ok:
            missed.append(name)
    return "\n".join(lines), missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", help="a set file (repeatable); default: every *_set.json")
    parser.add_argument("--show", choices=["wrong", "unknown", "all", "none"], default="wrong")
    parser.add_argument("--half", choices=["tune", "frozen"], help="run only this half")
    args = parser.parse_args()
    sets = args.set or [str(p) for p in sorted((ROOT / "bench").glob("*_set.json"))]
    status = 0
    for path in sets:
        cases = json.loads(Path(path).read_text(encoding="utf-8"))
        if args.half:
            cases = [c for c in cases if c.get("split") == args.half]
        print(f"== {Path(path).name} ({len(cases)} queries)")
        status |= report(cases, args.show)
    return status


def report(cases: list[dict], show_what: str) -> int:
    """Print one set's misses (as ``show_what`` asks), tables, halves and targets; 1 if one is missed."""
    results, tables = evaluate(cases)
    for r in results:
        show = show_what == "all" or (
            show_what == "wrong" and r["outcome"] in ("wrong", "wrong-unknown", "flagged", "missed")
        )
        if show_what == "unknown":
            show = r["outcome"] == "wrong-unknown"
        if show:
            query = " ".join(r["argv"])
            print(f"{r['outcome']:14} {query!r:55} expected {r['expect']} got {r['got']} {r['also'][:2]}")
    text, missed = summary(results, tables)
    print(text)
    print()
    print(halves(results))
    if missed:
        print("targets missed: " + ", ".join(missed))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
