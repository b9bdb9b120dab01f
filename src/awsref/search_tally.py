"""What a query's words find: each entry's BM25F score summed over the words, how many
words it matches, the share of the query's weight it covers, and what else the ranking in
``search`` needs (``Tally``). A word's alternatives (synonyms, prefixes, typos) count by
their best match; a service's name is a prior, not a word to match.
"""

from __future__ import annotations

import math

from awsref.search_index import QUESTION_WORDS, SYNONYM_FACTOR, SearchIndex
from awsref.text import FILLER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SERVICE_WORD_FACTOR = 0.5  # what a service's name adds to the score of an entry that has it
SERVICE_COVER = 0.75  # and what it weighs in coverage, against a word of the question
UNMATCHED_WEIGHT = 1.0  # a word found nowhere weighs this share of the rarest word
COMMON_IDF = math.log(1.0 + 1.0 / 0.04)  # a word in more than 4% of entries is common


class Tally:
    """What the query's words found: each entry's score, how many words it matches, the
    weight of the query it covers, and what else the ranking needs."""

    def __init__(self) -> None:
        self.scores: dict[int, float] = {}
        self.matched: dict[int, int] = {}
        self.covered: dict[int, float] = {}
        self.common: dict[int, bool] = {}
        self.mentions: set[int] = set()
        self.name_hits: dict[int, int] = {}  # how many of the query's words are in the entry's name
        self.exact_names: set[int] = set()
        self.unmatched = 0  # words found nowhere: mostly what awsref does not cover ("sagemaker")
        self.foreign = 0  # of them, the names of products awsref does not cover
        self.total_weight = 0.0
        self.wanted = 0
        self.found: list[dict[int, float]] = []  # the entries each word of the question matches

    def coverage(self, n: int) -> float:
        return self.covered.get(n, 0.0) / (self.total_weight or 1.0)


def _alternatives(
    index: SearchIndex, alternatives: list[tuple[str, float]]
) -> tuple[dict[int, float], dict[int, float], float, set[int]]:
    """For one query word: each entry's best score over the word's alternatives, how well
    it matches (1: exactly), the word's weight, and the entries with it in their name."""
    best: dict[int, float] = {}
    fit: dict[int, float] = {}
    weight = 0.0
    named_here: set[int] = set()
    for alternative, factor in alternatives:
        # A phrase ("identity center") counts where all of its words are.
        parts = [index.word(w) for w in alternative.split()]
        if len(parts) == 1:  # one word: the same sums over one part, without their overhead
            _one_word(parts[0], factor, best, fit)
            if factor == 1.0:
                named_here |= parts[0][3]
            if parts[0][0]:
                weight = max(weight, parts[0][2])
            continue
        docs = set(parts[0][0]).intersection(*(p[0] for p in parts[1:]))
        if docs:
            weight = max(weight, sum(p[2] for p in parts) / len(parts))
        for n in docs:
            s = factor * sum(p[0][n] for p in parts) / len(parts)
            if s > best.get(n, 0.0):
                best[n] = s
            q = factor * min(p[1].get(n, 0.0) for p in parts)
            if q > fit.get(n, 0.0):
                fit[n] = q
    return best, fit, weight, named_here


def _one_word(
    part: tuple[dict[int, float], dict[int, float], float, set[int]],
    factor: float,
    best: dict[int, float],
    fit: dict[int, float],
) -> None:
    """``_alternatives`` for an alternative of one word."""
    scores, quality = part[0], part[1]
    if not best and factor == 1.0:  # the first alternative, as found: copied in C
        best.update(scores)
        fit.update(quality)
        return
    for n, s in scores.items():
        s *= factor
        if s > best.get(n, 0.0):
            best[n] = s
        q = factor * quality.get(n, 0.0)
        if q > fit.get(n, 0.0):
            fit[n] = q


def tally(
    groups: list[tuple[str, list[tuple[str, float]]]],
    index: SearchIndex,
    identifiers: set[str],
    prior_only: set[str],
    foreign: set[str],
) -> Tally:
    """Score every entry the query's words find (BM25F, summed over the words)."""
    t = Tally()
    for word, alternatives in groups:
        if word in QUESTION_WORDS:
            continue
        if len(alternatives) == 1 and " " not in word and len(word) >= 7 and not index.word(word)[0]:
            split = index.compound(word)
            if split is not None:
                alternatives = [(split, SYNONYM_FACTOR)]
        best, fit, weight, named_here = _alternatives(index, alternatives)
        if word in FILLER:  # adds to a score, never makes a hit nor counts towards coverage
            for n, s in best.items():
                if n in t.scores:
                    t.scores[n] += s
            continue
        for n in named_here:
            t.name_hits[n] = t.name_hits.get(n, 0) + 1
            if word in identifiers and len(identifiers) == 1:
                t.exact_names.add(n)  # "GenerateDataKey", "ThrottlingException": its own entry
        if word in prior_only:
            # A service's name is a prior: it adds to the score and weighs a little.
            weight *= SERVICE_COVER
            t.total_weight += weight
            for n, s in best.items():
                t.scores[n] = t.scores.get(n, 0.0) + SERVICE_WORD_FACTOR * s
                t.covered[n] = t.covered.get(n, 0.0) + weight * fit[n]
                t.mentions.add(n)
            continue
        if word in foreign:
            best, fit = {}, {}
            t.foreign += 1
        elif best:
            t.found.append(best)
        _count(t, best, fit, weight if best else UNMATCHED_WEIGHT * index.max_idf)
    return t


def _count(t: Tally, best: dict[int, float], fit: dict[int, float], weight: float) -> None:
    """Add one word of the question (not a service's name) to the tally."""
    t.wanted += 1
    if not best:  # a word found nowhere still weighs: it is part of the question
        t.unmatched += 1
    t.total_weight += weight
    _add(t.scores, best)
    _add(t.matched, dict.fromkeys(best, 1))
    _add(t.covered, {n: weight * fit[n] for n in best})
    if weight >= COMMON_IDF:  # an entry's words are all common until one is not
        t.common.update(dict.fromkeys(best, False))
    else:
        t.common.update(dict.fromkeys(best.keys() - t.common.keys(), True))


def _add(total: dict[int, Any], more: dict[int, Any]) -> None:
    """``total[n] += more[n]`` for each n of ``more`` (from 0 when new), in dict operations
    that run in C: the words of a query touch thousands of entries on a large knowledge base."""
    sums = {n: total[n] + more[n] for n in more.keys() & total.keys()}
    total.update(more)
    total.update(sums)
