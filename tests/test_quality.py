"""The quality benchmark's targets hold in CI: honest answers on the development set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import quality  # noqa: E402


def test_the_development_set_meets_every_target() -> None:
    cases = json.loads((BENCH / "quality_set.json").read_text(encoding="utf-8"))
    assert len(cases) >= 400
    results, tables = quality.evaluate(cases)
    text, missed = quality.summary(results, tables)
    assert not missed, text


def test_the_set_has_every_category_the_issue_asks_for() -> None:
    cases = json.loads((BENCH / "quality_set.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for case in cases:
        counts[case["cat"]] = counts.get(case["cat"], 0) + 1
    assert counts["unknown"] >= 100 and counts["natural"] >= 100 and counts["typo"] >= 60
    assert counts["compare"] >= 60 and counts["search"] >= 80
