"""Framing benchmark: does an exam stem's answer survive another way of asking it?

Practice exams wrap the same scenario in many frames ("Which of the following options would
meet these requirements? (Select TWO.)", "...in the MOST cost-effective way?") and open it
with a setting that says nothing of the answer ("An online retailer experiences heavy
traffic during holiday sales."). This takes every answerable exam-style stem of the
scenario set (15 words or more), replaces its closing question with each frame below, or
puts each opener before it, and reports search's top-1, top-3 and refusal rates per half,
against the stem as written. The frames and openers were written for this benchmark, not
taken from any practice exam.

    python bench/framing.py [--set FILE] [--half tune|frozen]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality

FRAMES = (
    "What should the developer do?",
    "Which of the following options would meet this requirement?",
    "Which of the following is the MOST cost-effective solution?",
    "What is the MOST suitable solution that the developer should implement?",
    "Which combination of steps should the developer take? (Select TWO.)",
    "Which of the following will allow the developer to accomplish this task with the LEAST "
    "amount of effort?",
    "Which approach should the developer take to meet these requirements in the MOST operationally "
    "efficient way?",
    "As a developer, which of the following should you do?",
)
OPENERS = (
    "A startup is building an e-commerce website on AWS.",
    "A company has a popular mobile gaming application with millions of users.",
    "A financial services company is modernizing its legacy applications.",
    "A developer is working on a new feature for a serverless web application.",
    "An online retailer experiences heavy traffic during holiday sales.",
    "A media company runs its workloads in a single AWS Region.",
    "The team uses GitHub for source control, Docker for local development and Jira for tracking work.",
    "The backend is a Spring Boot application that talks to a PostgreSQL database.",
)


def stems(path: Path, half: str | None) -> list[dict]:
    """The answerable exam-style searches of a set: 15 words or more."""
    cases = json.loads(path.read_text(encoding="utf-8"))
    return [
        c
        for c in cases
        if c["argv"][:1] == ["search"]
        and len(c["argv"]) > 15
        and c["expect"] != "unknown"
        and (half is None or c.get("split") == half)
    ]


def body(question: str) -> str:
    """The stem without its closing question (the last sentence, when it asks)."""
    sentences = question.replace("? ", "?\n").replace(". ", ".\n").split("\n")
    if len(sentences) > 1 and sentences[-1].endswith("?"):
        return " ".join(sentences[:-1])
    return question


def rates(kb: object, cases: list[dict], reword: object) -> tuple[float, float, float]:
    """Top-1, top-3 and refused shares of ``cases`` asked as ``reword(question)``."""
    top1 = top3 = refused = 0
    for case in cases:
        question = reword(" ".join(case["argv"][1:]))  # type: ignore[operator]
        _, main, _, match = quality.run_query(kb, ["search", question])
        got = [key for hit in main[:3] for key in hit.split("|")]
        first = set(main[0].split("|")) if main else set()
        top1 += bool(first & set(case["expect"]))
        top3 += bool(set(got) & set(case["expect"]))
        refused += match == "unknown"
    n = len(cases) or 1
    return 100 * top1 / n, 100 * top3 / n, 100 * refused / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=str(quality.ROOT / "bench" / "scenario_set.json"))
    parser.add_argument("--half", choices=("tune", "frozen"))
    args = parser.parse_args()
    quality.evaluate([])  # the same knowledge base and cache set-up as the quality benchmark
    from awsref.kb import open_kb

    kb = open_kb()
    halves = [args.half] if args.half else ["tune", "frozen"]
    print(f"{'half':8}{'stems':>7}{'top-1':>8}{'top-3':>8}{'refused':>9}  asked as")
    for half in halves:
        cases = stems(Path(args.set), half)
        ways = [("as written", lambda q: q)]
        ways += [(f"+ {f}", lambda q, f=f: f"{body(q)} {f}") for f in FRAMES]
        ways += [(f"{o} +", lambda q, o=o: f"{o} {q}") for o in OPENERS]
        for name, reword in ways:
            top1, top3, refused = rates(kb, cases, reword)
            print(f"{half:8}{len(cases):>7}{top1:>7.1f}%{top3:>7.1f}%{refused:>8.1f}%  {name[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
