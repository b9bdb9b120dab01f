"""``index_search._posting``: a word's postings carry each entry's BM25F score (term
frequency saturated, times idf), computed once when the cache is built, and
``SearchIndex.scores`` reads them back."""

from __future__ import annotations

import math
from array import array

from awsref.index_search import _posting
from awsref.search_index import K1, word_idf
from awsref.spec import SEARCH_FIELDS

BODY, NAME = SEARCH_FIELDS.index("body"), SEARCH_FIELDS.index("name")


def _code(n: int, field: int, count: int) -> int:
    return n << 8 | field << 4 | count


def _read(blob: bytes) -> tuple[list[int], list[int], int, list[float]]:
    ints = array("I", blob[:12])
    count, named, df = ints
    end = 12 + 4 * (count + named)
    rest = array("I", blob[12:end])
    return rest[:count].tolist(), rest[count:].tolist(), df, array("d", blob[end:]).tolist()


def _bm25(tf: float, idf: float) -> float:
    return idf * tf / (K1 + tf)


def test_a_posting_sums_the_weighted_fields_of_each_entry() -> None:
    """Entry 0 has the word once in its name and twice in its body; every field at its
    average length, so no field is normalised: 3.0 x 1 + 1.0 x 2."""
    lengths = [[10, 10, 10], [0, 0, 0], [0, 0, 0], [4, 4, 4], [0, 0, 0]]
    averages = [10.0, 1.0, 1.0, 4.0, 1.0]
    blob = _posting([_code(0, NAME, 1), _code(0, BODY, 2), _code(2, BODY, 1)], lengths, averages, 3, 3)
    entries, named, df, scores = _read(blob)
    assert entries == [0, 2]
    assert named == [0]
    assert df == 2
    idf = math.log(1.0 + (3 - 2 + 0.5) / (2 + 0.5))
    assert scores == [_bm25(5.0, idf), _bm25(1.0, idf)]


def test_a_longer_body_counts_for_less_and_the_catalogue_is_not_in_df() -> None:
    lengths = [[20, 10], [0, 0], [0, 0], [0, 0], [0, 0]]
    averages = [10.0, 1.0, 1.0, 1.0, 1.0]
    _, _, df, scores = _read(_posting([_code(0, BODY, 1), _code(1, BODY, 1)], lengths, averages, 1, 2))
    assert df == 1  # entry 1 is the quota catalogue's
    idf = word_idf(2, 1, 1, 2)
    assert math.isclose(scores[0], _bm25(1.0 / (1.0 - 0.75 + 0.75 * 2.0), idf))
    assert scores[1] == _bm25(1.0, idf)


def test_a_word_only_catalogue_quotas_have_takes_its_idf_over_every_entry() -> None:
    assert word_idf(3, 0, 100, 1000) == math.log(1.0 + (1000 - 3 + 0.5) / 3.5)


def test_a_fact_s_owner_is_the_card_numbered_before_it() -> None:
    """``SearchIndex.card_before`` stands for the owners chunk in ``diverse``: it holds only
    while the index numbers each card's facts right after the card."""
    from awsref.kb import KnowledgeBase
    from awsref.search_index import SearchIndex
    from conftest import packaged_sections

    kb = KnowledgeBase(None, packaged_sections())
    index = SearchIndex(kb, fuzzy=False)
    card_of = {n: sid for sid, n in kb.section("search-cards").items()}
    chunk = kb.section("search")["chunk"]
    facts = [n for n in range(index.total) if index.is_fact(n)]
    assert len(facts) > 1000
    for n in facts:
        kind, ref, *_ = kb.section(f"search-docs/{n // chunk}")[n % chunk]
        assert kind == "fact" and card_of[index.card_before(n)] == ref[0], n
