"""What a query's words find: each entry's BM25F score summed over the words, how many
words it matches, the share of the query's weight it covers, and what else the ranking in
``search`` needs (``Tally``). A word's alternatives (synonyms, prefixes, typos) count by
their best match; a service's name is a prior, not a word to match.
"""

from __future__ import annotations

import math

from awsref.search_index import QUESTION_WORDS, SYNONYM_FACTOR, SearchIndex, Subjects
from awsref.text import FILLER

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

SERVICE_WORD_FACTOR = 0.5  # what a service's name adds to the score of an entry that has it
SERVICE_COVER = 0.75  # and what it weighs in coverage, against a word of the question
UNMATCHED_WEIGHT = 1.0  # a word found nowhere weighs this share of the rarest word
COMMON_IDF = math.log(1.0 + 1.0 / 0.04)  # a word in more than 4% of entries is common
PAIR_WEIGHT = 0.5  # two adjacent query words found adjacent: this share of one more word
# An entry's kind against a service card, term, limit or comparison scoring alike: a fact,
# a quota from the catalogue (a name and a number).
FACT_WEIGHT, CATALOGUE_WEIGHT = 0.9, 0.6
KIND_WEIGHTS = (1.0, FACT_WEIGHT, CATALOGUE_WEIGHT, 1.0)  # by ``search-kinds``: 3, a curated limit
NUMBER_PRIOR = 1.3  # limits, when a typed question asks for a number ("how many", "max")
NUMBER_WEIGHTS = tuple(w * (NUMBER_PRIOR if kind in (2, 3) else 1.0) for kind, w in enumerate(KIND_WEIGHTS))


class Tally:
    """What the query's words found: each entry's score, how many words it matches, the
    weight of the query it covers, and what else the ranking needs."""

    def __init__(self) -> None:
        self.scores: dict[int, float] = {}
        self.covered: dict[int, float] = {}
        self.counted: list[tuple[dict[int, float], float]] = []  # each word's entries, its weight
        self.mentions: set[int] = set()
        self.name_hits: dict[int, int] = {}  # how many of the query's words are in the entry's name
        self.exact_names: set[int] = set()
        self.unmatched = 0  # words found nowhere: mostly what awsref does not cover ("sagemaker")
        self.unseen: list[str] = []  # those words, not counting product names (foreign)
        self.foreign = 0  # of them, the names of products awsref does not cover
        self.total_weight = 0.0
        self.wanted = 0
        self.found: list[dict[int, float]] = []  # the entries each word of the question matches

    def coverage(self, n: int) -> float:
        return self.covered.get(n, 0.0) / (self.total_weight or 1.0)

    def matched(self, n: int) -> int:
        """How many of the question's words entry ``n`` matches (read for the few entries
        shown or judged, not kept for every entry the words find)."""
        return sum(1 for entries, _ in self.counted if n in entries)

    def common(self, n: int) -> bool:
        """Whether entry ``n`` matches words of the question, all of them common."""
        weights = [weight for entries, weight in self.counted if n in entries]
        return bool(weights) and max(weights) < COMMON_IDF


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


class Prune:
    """What bounds the final score of an entry that only common words and services' names
    match, so that the tally can leave such entries out when enough others are sure to rank
    above them (max-score pruning): how many entries the ranking keeps, the entries this
    query's shape may raise by more than a service's prior (``search._prune``: cards,
    comparisons, entries of no service), that prior, the pair bonuses (proximity) the query
    gives, and each comparison's subjects (a comparison may rank under its subject instead).
    (A plain class: ``typing.NamedTuple`` would import ``typing`` on every search.)"""

    __slots__ = ("budget", "comparisons", "pairs", "prior", "special")

    def __init__(
        self,
        budget: int,
        special: Callable[[], set[int]],
        prior: float,
        pairs: list[dict[int, float]],
        comparisons: Callable[[], Subjects],
    ) -> None:
        self.budget, self.special, self.prior, self.pairs = budget, special, prior, pairs
        self.comparisons = comparisons  # each comparison's subjects


PRUNING = True  # off only to check that pruning changes no ranking


def tally(
    groups: list[tuple[str, list[tuple[str, float]]]],
    index: SearchIndex,
    identifiers: set[str],
    prior_only: set[str],
    foreign: set[str],
    prune: Prune | None = None,
    own: frozenset[str] = frozenset(),
) -> Tally:
    """Score every entry the query's words find (BM25F, summed over the words). With
    ``prune``, a common word or a service's name scores only the entries that can still rank
    (``_keep``). Every entry scored matches a word of the question or the service it names
    (filler only adds to entries already scored). A word of the scenario's ``own`` found
    nowhere ("holiday", the string "PaymentDeclined") is left out: no evidence either way."""
    t = Tally()
    words = _found(groups, index)
    keep = _keep(words, index, identifiers, prior_only, foreign, prune) if prune and PRUNING else None
    named_words: set[str] = set()
    for word, best, fit, weight, named_here in words:
        if word in FILLER:  # adds to a score, never makes a hit nor counts towards coverage
            for n in best.keys() & t.scores.keys():
                t.scores[n] += best[n]
            continue
        if word not in named_words:  # a word typed twice counts once
            # (read only for the entries scored: those pruning keeps)
            hits = named_here if keep is None else named_here & keep
            t.name_hits.update({n: t.name_hits.get(n, 0) + 1 for n in hits})
            if word in identifiers and len(identifiers) == 1:
                t.exact_names |= hits  # "GenerateDataKey", "ThrottlingException": its own entry
        named_words.add(word)
        if word in prior_only:
            # A service's name is a prior: it adds to the score and weighs a little.
            weight *= SERVICE_COVER
            t.total_weight += weight
            if keep is not None:
                best = {n: best[n] for n in best.keys() & keep}
            _add(t.scores, {n: SERVICE_WORD_FACTOR * s for n, s in best.items()})
            _add(t.covered, {n: weight * fit[n] for n in best})
            t.mentions.update(best)
            continue
        if word in foreign:
            best, fit = {}, {}
            t.foreign += 1
        elif not best and word in own:
            continue
        elif best:
            t.found.append(best)
        if not best:
            if word not in foreign:
                t.unseen.append(word)
            _count(t, best, fit, UNMATCHED_WEIGHT * index.max_idf, False)
        elif keep is not None:
            _count(t, {n: best[n] for n in best.keys() & keep}, fit, weight, True)
        else:
            _count(t, best, fit, weight, True)
    return t


Found = tuple[str, dict[int, float], dict[int, float], float, set[int]]


def _found(groups: list[tuple[str, list[tuple[str, float]]]], index: SearchIndex) -> list[Found]:
    """Each word of the question (not its frame) with what ``_alternatives`` finds for it; a
    long word found nowhere as two words an entry has in a row ("multicore")."""
    words = []
    for word, alternatives in groups:
        if word in QUESTION_WORDS:
            continue
        if len(alternatives) == 1 and " " not in word and len(word) >= 7 and not index.word(word)[0]:
            split = index.compound(word)
            if split is not None:
                alternatives = [(split, SYNONYM_FACTOR)]
        words.append((word, *_alternatives(index, alternatives)))
    return words


def _keep(
    words: list[Found],
    index: SearchIndex,
    identifiers: set[str],
    prior_only: set[str],
    foreign: set[str],
    prune: Prune,
) -> set[int] | None:
    """The entries the query's words need to score, or None for all of them (max-score
    pruning).

    The entries a rare word finds are tallied here in full (every word's score and share of
    the query's weight), which is a sure lower bound of their final score, since every prior
    is at least 1 (``prune.special()`` names the entries that may be lowered or raised more).
    The ``prune.budget``-th best of those bounds is the bar. An entry only common words and
    the names of services find scores at most the sum of their best scores (a name's as a
    prior), the filler's and the pair bonuses, times their share of the query's weight and the
    largest prior; a rare word's entry at most its own tally with the filler and pair bonuses
    added, times that prior. Whatever cannot reach the bar cannot rank: it is left out. A
    comparison may be lowered under its subject, so it sets no bar, but it is left out like
    the rest; the subjects of those kept are kept, since they decide whether it is lowered.
    """
    fillers, rare, common, raised = _classify(words, identifiers, prior_only, foreign)
    if not common or not rare:
        return None
    keep = prune.special()
    for entries in raised:
        keep.update(entries)
    comparisons = prune.comparisons()
    unsure = keep | comparisons.keys()  # no sure score: raised more, or (a comparison) lowered
    score: dict[int, float] = {}
    cover: dict[int, float] = {}  # each in units of the query's weight (``total``)
    for best, fit, weight in rare:
        _add(score, best)
        _add(cover, {n: weight * fit[n] for n in best})
    for best, fit, weight, factor in common:
        both = best.keys() & score.keys()
        score.update({n: score[n] + factor * best[n] for n in both})
        cover.update({n: cover[n] + weight * fit[n] for n in both})
    kinds, weights = index.kinds(), KIND_WEIGHTS
    lower = {n: s * cover[n] * weights[kinds[n]] for n, s in score.items()}
    sure = dict(lower)
    for n in unsure & sure.keys():
        del sure[n]
    if len(sure) < prune.budget:
        return None
    bar, prior = sorted(sure.values(), reverse=True)[prune.budget - 1], prune.prior
    keep.update({n for n, v in lower.items() if v * prior >= bar})
    bonus: dict[int, float] = {}  # the filler's and the pairs' bonuses, where an entry has them
    for extra, factor in [(d, 1.0) for d in fillers] + [(d, PAIR_WEIGHT) for d in prune.pairs]:
        _add(bonus, {n: factor * extra[n] for n in extra.keys() & score.keys()})
    keep.update(n for n, b in bonus.items() if (score[n] + b) * cover[n] * weights[kinds[n]] * prior >= bar)
    for n in keep & comparisons.keys():  # it ranks under the one subject asked about
        keep.update(comparisons[n])
    pairs = sum(max([d[n] for n in d.keys() - keep], default=0.0) for d in prune.pairs)
    filler = sum(max(best.values(), default=0.0) for best in fillers)
    most = filler + PAIR_WEIGHT * pairs + sum(factor * max(best.values()) for best, _, _, factor in common)
    bound = most * sum(weight for _, _, weight, _ in common) * prior
    return keep if bar > bound else None


Rare = list[tuple[dict[int, float], dict[int, float], float]]  # a word's scores, fits, weight
Common = list[tuple[dict[int, float], dict[int, float], float, float]]  # ..., and its factor


def _classify(
    words: list[Found], identifiers: set[str], prior_only: set[str], foreign: set[str]
) -> tuple[list[dict[int, float]], Rare, Common, list[Iterable[int]]]:
    """For ``_keep``, the query's words as ``tally`` counts them: the filler's scores, the
    rare words, the common words and services' names (a name as a prior: half its score, a
    little of its weight), and the entries an API's name (as typed) raises. (A word found
    nowhere weighs in the query's weight, which every bound is a share of: left out.)"""
    fillers: list[dict[int, float]] = []
    rare: Rare = []
    common: Common = []
    raised: list[Iterable[int]] = []
    for word, best, fit, weight, named_here in words:
        if word in FILLER:
            fillers.append(best)
        elif word in prior_only:
            if best:
                common.append((best, fit, weight * SERVICE_COVER, SERVICE_WORD_FACTOR))
        elif best and word not in foreign:
            if weight < COMMON_IDF:
                common.append((best, fit, weight, 1.0))
            else:
                rare.append((best, fit, weight))
            if word in identifiers:
                raised.append(named_here)
    return fillers, rare, common, raised


def _count(t: Tally, best: dict[int, float], fit: dict[int, float], weight: float, found: bool) -> None:
    """Add one word of the question (not a service's name) to the tally: ``best``, the entries
    it scores (pruning may leave out every one of them), ``found``, whether any entry has it."""
    t.wanted += 1
    if not found:  # a word found nowhere still weighs: it is part of the question
        t.unmatched += 1
    t.total_weight += weight
    _add(t.scores, best)
    _add(t.covered, {n: weight * fit[n] for n in best})
    t.counted.append((best, weight))


def _add(total: dict[int, Any], more: dict[int, Any]) -> None:
    """``total[n] += more[n]`` for each n of ``more`` (from 0 when new), in dict operations
    that run in C: the words of a query touch thousands of entries on a large knowledge base."""
    sums = {n: total[n] + more[n] for n in more.keys() & total.keys()}
    total.update(more)
    total.update(sums)
