"""The cache is read in buckets: a query reads what its words touch, and reads the same
answers as a scan of the whole table would."""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awsref import resolve as resolve_module
from awsref.kb import TABLES, KnowledgeBase, open_kb
from awsref.resolve import resolve
from conftest import ROOT


@functools.cache
def queries() -> list[str]:
    """The words of every lookup of the quality set (a few hundred real questions)."""
    cases = json.loads((ROOT / "bench" / "quality_set.json").read_text(encoding="utf-8"))
    return sorted({" ".join(c["argv"][1:]) for c in cases if c["argv"][0] in ("limit", "define", "show")})


class Counting(KnowledgeBase):
    """A knowledge base that records the sections it reads."""

    def __init__(self, inner: KnowledgeBase) -> None:
        super().__init__(inner._reader, inner._sections, inner._rebuild)
        self.read: list[str] = []

    def section(self, name: str) -> object:
        self.read.append(name)
        return super().section(name)


@pytest.mark.parametrize("name", TABLES)
def test_a_bucketed_table_gets_each_key_from_its_bucket(name: str) -> None:
    table = open_kb().section(name)
    whole = dict(table.items())
    assert whole
    assert all(table.get(k) == v and table[k] == v and k in table for k, v in whole.items())
    assert table.get("no such key") is None and "no such key" not in table


def test_the_names_starting_with_a_prefix_are_the_whole_tables_in_its_order() -> None:
    kb = open_kb()
    names = kb.section("names")
    for prefix in ("d", "dy", "dyn", "api gate", "visib", "zzz"):
        assert kb.names_starting(prefix) == [(n, ref) for n, ref in names.items() if n.startswith(prefix)]


@pytest.mark.parametrize("subject", ["memcached", "sqs", "lambda", "gsi", "no-such-subject"])
def test_the_partners_of_a_subject_are_those_a_scan_of_every_comparison_finds(subject: str) -> None:
    kb = open_kb()
    counts: dict[str, int] = {}
    for _, _, refs, *_ in kb.comparisons:
        if subject in refs:
            for ref in refs:
                if ref != subject:
                    counts[ref] = counts.get(ref, 0) + 1
    assert kb.partners(subject) == sorted(counts, key=lambda r: -counts[r])


def test_the_resolvers_candidates_lose_no_entry_a_scan_of_every_entity_would_accept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lex = open_kb().lexicon()
    kinds = ("service", "term", "comparison", "limit")
    found = [resolve(q, lex, kinds) for q in queries()]
    scoped = [resolve(q, lex, ("limit",), within="sqs/", lenient=True) for q in queries()[:80]]

    def every(words: object, lex: object, kinds: tuple[str, ...], span: range | None, lenient: bool) -> list:
        return sorted(n for k in kinds for n in range(*lex.spans[k]) if span is None or n in span)  # type: ignore[attr-defined]

    monkeypatch.setattr(resolve_module, "_candidates", every)
    assert [repr(r) for r in found] == [repr(resolve(q, lex, kinds)) for q in queries()]
    again = [resolve(q, lex, ("limit",), within="sqs/", lenient=True) for q in queries()[:80]]
    assert [repr(r) for r in scoped] == [repr(r) for r in again]
    assert any(r is not None for r in found) and any(r is not None for r in scoped)


def test_a_typo_reads_the_vocabulary_of_its_first_two_letters_only() -> None:
    kb = Counting(open_kb())
    res = resolve("visibilty timeout", kb.lexicon(), ("term",))
    assert res is not None and res.ref == "visibility-timeout"
    vocab = {name for name in kb.read if name.startswith("lexicon-vocab/")}
    assert vocab and vocab <= {"lexicon-vocab/v", "lexicon-vocab/i"}
    assert not [name for name in kb.read if name.startswith("suggest")]


def test_a_query_reads_a_few_entity_chunks_not_every_entity() -> None:
    kb = Counting(open_kb())
    lex = kb.lexicon()
    assert resolve("sqs message size", lex, ("service", "term", "comparison", "limit")) is not None
    chunks = {name for name in kb.read if name.startswith("lexicon-entities/")}
    every = -(-max(end for _, end in lex.spans.values()) // kb.section("lexicon")["entity_chunk"])
    assert 0 < len(chunks) < every / 4


def test_did_you_mean_offers_names_that_share_a_first_letter_with_a_word_of_the_query() -> None:
    lex = open_kb().lexicon()
    kinds = ("service", "term", "comparison", "limit")
    assert lex.similar("dynmodb", kinds, 3)[:1] == [("service", "dynamodb")]
    assert not {"cloudfront", "opsworks", "vpc"} & {ref for _, ref in lex.similar("zork", kinds, 3)}


def test_a_search_reads_the_postings_buckets_of_its_words_not_the_whole_index() -> None:
    from awsref.search import search

    kb = Counting(open_kb())
    assert search(kb, "message size")[0]["ref"] == "sqs/message-size"
    words = {name for name in kb.read if name.startswith("search-words/")}
    total = sum(len(starts) for starts in kb.section("search")["word_starts"].values())
    assert 0 < len(words) < total / 4


def test_a_word_and_the_words_it_begins_read_one_or_two_postings_buckets() -> None:
    """ "message" stands for messag, messageattribut, messagegroupid...: runs of the sorted
    vocabulary, so its dozen words do not read a dozen buckets."""
    from awsref.search_index import SearchIndex

    kb = Counting(open_kb())
    index = SearchIndex(kb, fuzzy=False)
    assert len(index.word("message")[0]) > 0
    assert 1 <= len({name for name in kb.read if name.startswith("search-words/")}) <= 2


def test_a_search_naming_a_service_reads_its_entry_list_not_every_entry_s_owners() -> None:
    """The prior of a named service comes from the list of its entries (there were 81 chunks of
    owners for this query), and a fact's owner from the card numbered before it: no owners."""
    from awsref.search import search

    kb = Counting(open_kb())
    assert "sqs/message-size" in [h["ref"] for h in search(kb, "sqs message size", 3)]
    assert "search-by-service/sqs" in kb.read
    assert not {name for name in kb.read if name.startswith("search-owners/")}


def test_a_search_finds_the_services_it_names_in_one_section_per_first_letter() -> None:
    """Each run of up to three words may name a service: looked up in ``service-names/C``,
    not in a names bucket per run (nine of them for this query)."""
    from awsref.search import _named_services
    from awsref.search_index import SearchIndex

    kb = Counting(open_kb())
    found, words = _named_services(kb, "sqs message size", SearchIndex(kb, fuzzy=True))
    assert found == {"sqs"} and words == {"sqs"}
    assert not {name for name in kb.read if name.startswith("names/")}
    assert {name for name in kb.read if name.startswith("service-names/")} == {
        "service-names/s",
        "service-names/m",
    }
    assert _named_services(kb, "cloud watch alarms", SearchIndex(kb, fuzzy=True))[0] == {"cloudwatch"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_crc32_without_zlib_is_zlibs_crc32(data: bytes) -> None:
    """A lookup hashes without importing zlib; the cache's writer hashes with it. Both must
    put every key in the same bucket."""
    import sys
    import zlib

    from awsref.buckets import crc32

    expected = zlib.crc32(data)
    saved = sys.modules.pop("zlib")
    try:
        assert crc32(data) == expected
    finally:
        sys.modules["zlib"] = saved
    assert crc32(data) == expected
