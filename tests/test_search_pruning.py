"""Max-score pruning (``search_tally._keep``) leaves out only entries that cannot rank: every
ranking is the same with it and without it."""

from __future__ import annotations

import json

import pytest

import awsref.search_tally as search_tally
from awsref.kb import KnowledgeBase
from awsref.search import search
from conftest import ROOT, packaged_sections

REAL = KnowledgeBase(None, packaged_sections())
CASES = json.loads((ROOT / "bench" / "scenario_set.json").read_text(encoding="utf-8"))
# Every seventh search of the scenario set: short queries, typos, pasted exam questions.
QUERIES = [" ".join(case["argv"][1:]) for case in CASES if case["argv"][0] == "search"][::7]


def _ranked(
    query: str, limit: int, pruning: bool, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, float]]:
    monkeypatch.setattr(search_tally, "PRUNING", pruning)
    return [(hit["ref"], hit["score"]) for hit in search(REAL, query, limit)]


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_pruning_changes_no_ranking(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for query in QUERIES:
        assert _ranked(query, limit, True, monkeypatch) == _ranked(query, limit, False, monkeypatch), query


def test_pruning_leaves_entries_out_of_common_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above means something: on many of these queries a common word scores fewer entries."""
    kept: list[bool] = []
    keep = search_tally._keep

    def spy(*args: object) -> set[int] | None:
        found = keep(*args)  # type: ignore[arg-type]
        kept.append(found is not None)
        return found

    monkeypatch.setattr(search_tally, "_keep", spy)
    for query in QUERIES:
        search(REAL, query, 10)
    assert sum(kept) >= len(QUERIES) // 10


def _index(entries: int) -> object:
    """What ``_keep`` reads of the index: each entry's kind (all terms here) and the largest idf."""
    from types import SimpleNamespace

    return SimpleNamespace(kinds=lambda: bytes(entries), max_idf=8.0)


def _words(rare_score: float) -> list[search_tally.Found]:
    """A rare word (weight 6) in entries 1-4, a common one (weight 2.5) strong in entry 5."""
    rare = {n: rare_score for n in (1, 2, 3, 4)}
    common = {5: 2.5, 1: 0.5}
    return [
        ("zzrare", rare, dict.fromkeys(rare, 1.0), 6.0, set()),
        ("size", common, dict.fromkeys(common, 1.0), 2.5, set()),
    ]


def test_an_entry_of_common_words_alone_that_may_outrank_the_rare_word_s_is_kept() -> None:
    # Entry 5 may score 2.5 * 2.5 / 8.5 = 0.74; entries 1-4 are sure of 1.0 * 6 / 8.5 = 0.71 only.
    prune = search_tally.Prune(4, set, 1.0, [], dict)
    assert search_tally._keep(_words(1.0), _index(6), set(), set(), set(), prune) is None  # type: ignore[arg-type]


def test_an_entry_of_common_words_alone_is_left_out_when_four_entries_are_sure_to_outrank_it() -> None:
    prune = search_tally.Prune(4, lambda: {0}, 1.0, [], dict)
    keep = search_tally._keep(_words(2.0), _index(6), set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep == {0, 1, 2, 3, 4}


def test_a_named_service_s_prior_can_lift_an_entry_of_common_words_alone() -> None:
    """Entries 1-4 are sure of 2.0 * 6 / 8.5 = 1.41; entry 5 may reach 0.74 times the prior:
    1.32 with two named services' (1.8), left out; 1.47 with a prior of 2, kept."""
    words, index = _words(2.0), _index(6)
    for prior, pruned in ((1.8, True), (2.0, False)):
        prune = search_tally.Prune(4, set, prior, [], dict)
        keep = search_tally._keep(words, index, set(), set(), set(), prune)  # type: ignore[arg-type]
        assert (keep is not None) is pruned


def test_a_comparison_kept_keeps_its_subjects_and_is_never_sure_to_outrank() -> None:
    """A comparison ranks under the one subject asked about, so its subjects are scored when it
    is, and it is not one of the entries sure to outrank the rest (it may be lowered)."""
    words, index = _words(2.0), _index(7)
    prune = search_tally.Prune(4, set, 1.0, [], lambda: {1: [5, 6]})
    keep = search_tally._keep(words, index, set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep is None  # entry 1 is a comparison: only three entries are sure, not four
    rare, fit = words[0][1], words[0][2]
    rare[0], fit[0] = 2.0, 1.0  # a fourth entry the rare word finds: 0
    keep = search_tally._keep(words, index, set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep == {0, 1, 2, 3, 4, 5, 6}


def test_a_word_whose_entries_pruning_leaves_out_is_still_a_word_found() -> None:
    """Leaving out every entry a word finds does not make it a word found nowhere."""
    t = search_tally.Tally()
    search_tally._count(t, {}, {}, 6.0, True)
    assert t.unmatched == 0 and t.wanted == 1


def _rare_and_common() -> list[search_tally.Found]:
    """A rare word (weight 6) strong in entries 1-4 and weak in entry 6; a common word (weight
    2.5) in entries 1 and 5."""
    rare = {1: 2.0, 2: 2.0, 3: 2.0, 4: 2.0, 6: 0.2}
    common = {5: 0.1, 1: 0.5}
    return [
        ("zzrare", rare, dict.fromkeys(rare, 1.0), 6.0, set()),
        ("size", common, dict.fromkeys(common, 1.0), 2.5, set()),
    ]


def test_an_entry_a_rare_word_finds_is_left_out_when_it_cannot_reach_the_bar() -> None:
    """Entries 1-4 are sure of at least 2.0 * 6 each; entry 6 can reach 0.2 * 6 at most."""
    prune = search_tally.Prune(4, set, 1.0, [], dict)
    keep = search_tally._keep(_rare_and_common(), _index(7), set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep == {1, 2, 3, 4}


def test_an_entry_a_rare_word_finds_is_kept_when_a_pair_bonus_may_lift_it() -> None:
    """Its two words side by side may add half the pair's score: (0.2 + 15) * 6 clears the bar."""
    prune = search_tally.Prune(4, set, 1.0, [{6: 30.0}], dict)
    keep = search_tally._keep(_rare_and_common(), _index(7), set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep == {1, 2, 3, 4, 6}


def test_each_comparison_s_subjects_are_its_subjects_cards_and_terms() -> None:
    """The packed ``search-comparisons`` gives every comparison the entry numbers of the cards
    and terms its data names as subjects, and no entry that is not a comparison."""
    from awsref.search_index import SearchIndex

    chunk = REAL.section("search")["chunk"]
    numbers: dict[tuple[str, str], int] = {}
    n = 0
    while (docs := REAL.section(f"search-docs/{n // chunk}")) and n % chunk < len(docs):
        kind, ref = docs[n % chunk][:2]
        numbers[(kind, ref[0])] = n
        n += 1
    subjects = SearchIndex(REAL, True).comparisons()
    data = json.loads((ROOT / "data" / "notes.json").read_text(encoding="utf-8"))
    assert len(subjects) == len(data["comparisons"])
    for comparison in data["comparisons"]:
        expected = [
            numbers[(kind, ref)]
            for ref in comparison["subjects"]
            for kind in ("service", "term")
            if (kind, ref) in numbers
        ]
        assert subjects[numbers[("comparison", comparison["id"])]] == expected, comparison["id"]
    with pytest.raises(KeyError):
        subjects[numbers[("service", "sqs")]]


def test_a_comparison_that_cannot_reach_the_bar_is_left_out_with_its_subjects() -> None:
    """A comparison sets no bar (it may be lowered), but it cannot be raised above its own
    tally either: entry 6 at 0.2 * 6 is left out, and its subjects 8 and 9 with it."""
    prune = search_tally.Prune(4, set, 1.0, [], lambda: {6: [8, 9], 1: [7]})
    keep = search_tally._keep(_rare_and_common(), _index(10), set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep is None  # entry 1 is a comparison too: three entries are sure, not four
    prune = search_tally.Prune(3, set, 1.0, [], lambda: {6: [8, 9], 1: [7]})
    keep = search_tally._keep(_rare_and_common(), _index(10), set(), set(), set(), prune)  # type: ignore[arg-type]
    assert keep == {1, 2, 3, 4, 7}
