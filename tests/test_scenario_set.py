"""The scenario development set (bench/scenario_set.json) names real entries and keeps its split."""

from __future__ import annotations

import json
from collections import Counter

from conftest import DATA, ROOT

DOC = json.loads(DATA.read_text(encoding="utf-8"))
CASES = json.loads((ROOT / "bench" / "scenario_set.json").read_text(encoding="utf-8"))


def entry_keys() -> set[str]:
    """Every key bench/quality.py can answer with: services, limits, terms and comparisons."""
    keys = {f"term:{t['id']}" for t in DOC["terms"]} | {f"comparison:{c['id']}" for c in DOC["comparisons"]}
    for service in DOC["services"]:
        keys.add(f"service:{service['id']}")
        keys.update(f"limit:{service['id']}/{lim['id']}" for lim in service["limits"])
    return keys


def test_every_expected_key_names_an_entry_of_the_knowledge_base() -> None:
    known = entry_keys()
    answerable = [case for case in CASES if case["expect"] != "unknown"]
    missing = [(case["argv"], key) for case in answerable for key in case["expect"] if key not in known]
    assert not missing


def test_the_set_has_the_size_and_shape_the_issue_asks_for() -> None:
    commands = Counter(case["argv"][0] for case in CASES)
    categories = Counter(case["cat"] for case in CASES)
    assert len(CASES) >= 600
    assert commands["search"] >= 450
    assert categories["scenario-unknown"] == sum(case["expect"] == "unknown" for case in CASES) >= 80
    for domain in ("development", "security", "deployment", "troubleshooting"):
        assert categories[f"scenario-{domain}"] >= 100


def test_each_query_appears_once_with_a_non_empty_expectation() -> None:
    argvs = [tuple(case["argv"]) for case in CASES]
    assert len(argvs) == len(set(argvs))
    assert all(case["expect"] == "unknown" or case["expect"] for case in CASES)


def test_each_batch_is_split_into_a_tuning_half_and_a_frozen_half() -> None:
    """Each batch was split once, at random, on arrival: its halves differ by one at most."""
    for batch in {case.get("batch") for case in CASES}:
        splits = Counter(case["split"] for case in CASES if case.get("batch") == batch)
        assert set(splits) == {"tune", "frozen"}, batch
        assert abs(splits["tune"] - splits["frozen"]) <= 1, batch
