"""``similarity``: rapidfuzz's scores without importing rapidfuzz, held to rapidfuzz itself."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = st.text(alphabet="abcde ", min_size=0, max_size=12)


def fresh_python(*lines: str) -> list[str]:
    """The words a new interpreter prints running ``lines`` (each test's own import state)."""
    out = subprocess.run(
        [sys.executable, "-c", "\n".join(["import sys", *lines])],
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@settings(max_examples=400, deadline=None)
@given(WORDS, WORDS, st.sampled_from([0.0, 50.0, 80.0, 100.0]))
def test_ratio_is_rapidfuzz_ratio_to_the_last_bit(a: str, b: str, cutoff: float) -> None:
    from rapidfuzz import fuzz

    from awsref.similarity import ratio

    assert ratio(a, b, cutoff) == fuzz.ratio(a, b, score_cutoff=cutoff)


@settings(max_examples=400, deadline=None)
@given(WORDS, WORDS)
def test_lcs_length_is_the_longest_common_subsequence(a: str, b: str) -> None:
    from rapidfuzz.distance import LCSseq

    from awsref.similarity import lcs_length

    assert lcs_length(a, b) == LCSseq.similarity(a, b)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="abcd", min_size=1, max_size=8),
    st.lists(st.text(alphabet="abcd", min_size=0, max_size=9), max_size=30),
    st.integers(min_value=1, max_value=4),
)
def test_extract_ratio_is_rapidfuzz_extract(word: str, choices: list[str], limit: int) -> None:
    """Same matches, scores and order (ties in the choices' order), same cut-off."""
    from rapidfuzz import fuzz, process

    from awsref.similarity import extract_ratio

    expected = process.extract(word, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=80.0)
    assert extract_ratio(word, choices, limit, 80.0) == [tuple(x) for x in expected]


TEXTS = st.text(alphabet="abcdefg  ", min_size=0, max_size=40)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS)
def test_partial_ratio_is_rapidfuzz_partial_ratio(a: str, b: str) -> None:
    """The best stretch of the longer for the shorter, both ways round at equal lengths."""
    from rapidfuzz import fuzz

    from awsref.similarity import partial_ratio

    assert partial_ratio(a, b) == fuzz.partial_ratio(a, b)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS)
def test_wratio_is_rapidfuzz_wratio_to_the_last_bit(a: str, b: str) -> None:
    from rapidfuzz import fuzz

    from awsref.similarity import wratio

    assert wratio(a, b) == fuzz.WRatio(a, b)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["queue", "queues", "message", "size", "max", "sqs", "qeue", "mesage", "s"]),
        max_size=5,
    ),
    st.lists(
        st.sampled_from(["queue", "messages", "visibility", "size", "sizes", "timeout", "max"]), max_size=6
    ),
    st.sampled_from([50.0, 75.0, 90.0]),
)
def test_a_cutoff_only_drops_what_scores_under_it(target: list[str], name: list[str], cutoff: float) -> None:
    """The cut-off's shortcuts (a ceiling from shared letters, stretches that cannot reach
    it) never change a score that reaches it; under it the score is 0."""
    from rapidfuzz import fuzz

    from awsref.similarity import wratio

    a, b = " ".join(target), " ".join(name)
    expected = fuzz.WRatio(a, b)
    assert wratio(a, b, cutoff) == (expected if expected >= cutoff else 0.0)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(TEXTS, max_size=20), st.sampled_from([60.0, 75.0]))
def test_extract_wratio_is_rapidfuzz_extract(target: str, choices: list[str], cutoff: float) -> None:
    from rapidfuzz import fuzz, process

    from awsref.similarity import extract_wratio

    expected = process.extract(target, choices, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=None)
    assert extract_wratio(target, choices, cutoff) == {c: score for c, score, _ in expected}


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(TEXTS, max_size=25), st.integers(min_value=1, max_value=4))
def test_extract_wratio_best_is_rapidfuzz_extract_with_a_limit(
    target: str, choices: list[str], limit: int
) -> None:
    """The same choices, scores and order, zero scores included when too few score."""
    from rapidfuzz import fuzz, process

    from awsref.similarity import extract_wratio_best

    expected = process.extract(target, choices, scorer=fuzz.WRatio, limit=limit)
    assert extract_wratio_best(target, choices, limit) == [tuple(x) for x in expected]


def test_a_miss_suggests_without_importing_rapidfuzz() -> None:
    assert fresh_python(
        "from awsref.kb import open_kb",
        "from awsref.names import suggestions",
        "kb = open_kb()",
        "found = suggestions(kb, 'visibilty timeot zz', ('term',))",
        "print([r['id'] for r in found], 'rapidfuzz' in sys.modules)",
        "print(suggestions(kb, 'flibbertigibbet', ('term', 'service')), 'rapidfuzz' in sys.modules)",
    ) == ["['visibility-timeout']", "False", "[]", "False"]


def test_a_one_letter_typo_is_corrected_without_importing_rapidfuzz() -> None:
    assert fresh_python(
        "from awsref.kb import open_kb",
        "from awsref.resolve import resolve",
        "res = resolve('mesage size', open_kb().lexicon(), ('limit',), within='sqs/')",
        "print(res.ref, 'rapidfuzz' in sys.modules)",
    ) == ["sqs/message-size", "False"]


def test_a_search_with_a_typo_corrects_it_without_importing_rapidfuzz() -> None:
    assert fresh_python(
        "from awsref.kb import open_kb",
        "from awsref.search import search",
        "refs = [h['ref'] for h in search(open_kb(), 'visiblity timeout')[:3]]",
        "print('visibility-timeout' in refs, 'rapidfuzz' in sys.modules)",
    ) == ["True", "False"]


def test_one_edit_finds_what_an_osa_distance_of_one_finds() -> None:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from awsref.similarity import one_edit

    vocab = sorted(["message", "messages", "massage", "size", "sizes", "timeout", "timeouts", "mesh"])
    for typed in [
        "mesage",
        "messgae",
        "messagee",
        "nessage",
        "sise",
        "timeoute",
        "tiemout",
        "xyz",
        "message",
    ]:
        found = process.extract(typed, vocab, scorer=OSA.distance, score_cutoff=1, limit=None)
        least = min((d for _, d, _ in found), default=None)
        assert one_edit(typed, vocab) == {w for w, d, _ in found if d == least}, typed


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcde", min_size=0, max_size=9),
    st.text(alphabet="abcde", min_size=0, max_size=9),
    st.integers(min_value=0, max_value=3),
)
def test_osa_within_agrees_with_rapidfuzz(a: str, b: str, most: int) -> None:
    from rapidfuzz.distance import OSA

    from awsref.similarity import osa_within

    d = OSA.distance(a, b)
    assert osa_within(a, b, most) == (d if d <= most else None)


def test_a_long_word_two_slips_away_is_corrected_without_rapidfuzz() -> None:
    assert fresh_python(
        "from awsref.typos import correct",
        "vocab = sorted(['notification', 'notifications', 'application', 'replication'])",
        "print(correct('notifcatoin', vocab), correct('flibbertigibbet', vocab))",
        "print('rapidfuzz' in sys.modules)",
    ) == ["notification", "None", "False"]
