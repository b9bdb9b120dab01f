"""Ranked full-text search over the prebuilt inverted index: BM25F, or an honest nothing.

Each entry has fields (``SEARCH_FIELDS``): its name, aliases, the questions it answers,
body text and context (the services it belongs to). A query word's score in an entry is
BM25F: its counts in every field, each weighted and normalised by that field's length,
summed and saturated once, times the word's inverse document frequency. Query words are
matched as roots (throttled = throttling = throttle), exactly, by prefix, through the
knowledge base's synonym table ("temporarily share" -> presigned), as their base or as a
compound when found nowhere (simplest, multicore), and only then by fuzzy similarity
(rapidfuzz, imported on demand).

On top of the sum of the words' scores:

- two query words that are adjacent in a field of the entry add a bonus (proximity);
- a service the query names is a prior, not one more word to match: its entries are
  boosted, its card more, and its name weighs less than the question's other words;
- an entry's score is scaled by its coverage: the share of the query's weight (each word
  weighs its inverse document frequency) that it matches;
- question shapes: "which service ..." prefers service cards, "X faster than Y" or
  "difference between" comparisons (first the one whose every subject is named); one API
  or exception name typed as such puts its entry first, and its CamelCase words match
  too; "every 15 minutes" reads as "every minute" (a schedule, through the synonym
  table); a Region's code also reads as Region and us-east-1.

An honest nothing: when the best entry covers too little of the query's weight (and the
query does not have every word of its name), matches only words common to many entries
while others go unmatched, or a word is found nowhere at all (mostly a product awsref
does not cover) and the rest does not clearly outweigh it, search returns no hits (the
caller says "not found"). Filler words alone never make a hit.
"""

from __future__ import annotations

import bisect
import math
import sys
from array import array
from itertools import pairwise

from awsref.buckets import name_bucket
from awsref.spec import DOMAINS, SEARCH_FIELDS, SEARCH_NORMS, SEARCH_WEIGHTS
from awsref.text import (
    FILLER,
    STOPWORDS,
    SYNONYMS,
    camel_words,
    key,
    normalize,
    root,
    tokens,
    without_possessive,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.kb import KnowledgeBase

NAME_FIELDS = (SEARCH_FIELDS.index("name"), SEARCH_FIELDS.index("alias"))
K1 = 2.0
PREFIX_FACTOR = 0.7
SYNONYM_FACTOR = 0.9
FUZZY_CUTOFF = 80.0
PAIR_WEIGHT = 0.5  # two adjacent query words found adjacent: this share of one more word
SERVICE_PRIOR = 1.2  # an entry of a service the query names (shared with others: a share of it)
BOTH_PRIOR = 1.5  # an entry of every service the query names, when it names several
MENTION_PRIOR = 1.15  # an entry of another service that mentions it
SERVICE_WORD_FACTOR = 0.5  # what a service's name adds to the score of an entry that has it
SERVICE_COVER = 0.75  # and what it weighs in coverage, against a word of the question
CARD_PRIOR = 1.5  # the card of a service the query names, on top of SERVICE_PRIOR
ASKED_PRIOR = 2.0  # an API or exception named as typed; a comparison a comparative question names
FACT_WEIGHT = 0.9  # a fact against a service card, term, limit or comparison scoring alike
FACT_REPEAT = 0.6  # a service's second and later facts in one result list
KIND_PRIOR = 1.4  # the kind a question's shape asks for ("which service": cards)
UNMATCHED_WEIGHT = 1.0  # a word found nowhere weighs this share of the rarest word
UNMATCHED_COVERAGE = 0.8  # and this much when a word is found nowhere ("sagemaker")
WEAK_COVERAGE = 0.45  # the best entry must cover at least this share of the query's weight
WIDESPREAD_IDF = 4.5  # idf under which a word is in more than about 1% of entries
COMMON_IDF = math.log(1.0 + 1.0 / 0.04)  # a word in more than 4% of entries is common
TIME_UNITS = frozenset(
    """second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks
    month months""".split()
)
# Words of a question that say nothing about its subject (beyond ``FILLER``).
QUESTION_WORDS = frozenset(
    """after all already another any anything around because being both but during
    else even ever get gets getting got if into just make makes making must
    not now off once one only onto other our out over own really right same seems
    since something still such take takes taking then thing things through too try
    trying under until up very via way ways whenever while within yet multiple several
    various lots lot certain ourselves myself yourself yesterday today tomorrow""".split()
)
DERIVED = ("est", "er", "ly")  # suffixes tried when a word is found nowhere as typed
CAMEL_GENERIC = frozenset({"exception", "error", "fault"})
COMPARATIVE = frozenset({"vs", "versus", "than", "difference", "differences", "compare", "comparison"})
KIND_SHAPES = (("which", "service"), ("what", "service"), ("which", "aws"), ("what", "aws"))


def _expand(word: str, vocab: list[str], fuzzy: bool = True) -> list[tuple[str, float]]:
    """Index words that stand for ``word``, each with how well it matches (0-1)."""
    w = root(word)
    found: dict[str, float] = {}
    i = bisect.bisect_left(vocab, w)
    if i < len(vocab) and vocab[i] == w:
        found[w] = 1.0
    if len(w) >= 4:
        while i < len(vocab) and vocab[i].startswith(w):
            found.setdefault(vocab[i], PREFIX_FACTOR)
            i += 1
    if not found and fuzzy and len(w) >= 4:
        from rapidfuzz import fuzz, process

        for match, score, _ in process.extract(
            w, vocab, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_CUTOFF
        ):
            # People rarely mistype a word's first letter: "town" is not "own".
            if match[0] == w[0] and match not in FILLER and match not in QUESTION_WORDS:
                found[match] = PREFIX_FACTOR * score / 100.0
    return list(found.items())


class _Index:
    """The ``search`` section, decoded lazily: postings to BM25F scores."""

    def __init__(self, kb: KnowledgeBase, fuzzy: bool) -> None:
        self.kb = kb
        section = kb.section("search")
        self.postings: dict[str, bytes] = section["postings"]
        self.vocab: list[str] = section["vocab"]
        self.total: int = section["docs"] or 1
        self.pair_buckets: int = section["pair_buckets"]
        self.averages: list[float] = section["averages"]
        self.lengths = []
        for blob in section["lengths"]:
            column = array("H")
            column.frombytes(blob)
            if sys.byteorder != "little":
                column.byteswap()
            self.lengths.append(column)
        self.fuzzy = fuzzy
        self.max_idf = math.log(1.0 + self.total)
        self.name_sizes: bytes = section["name_sizes"]
        self._scores: dict[str, tuple[dict[int, float], dict[int, float], float, set[int]]] = {}

    def scores(self, blob: bytes) -> tuple[dict[int, float], float, set[int]]:
        """BM25F score of each entry the postings name, the word's idf, and the entries
        that have it in their name."""
        codes = array("I")
        codes.frombytes(blob)
        if sys.byteorder != "little":
            codes.byteswap()
        tf: dict[int, float] = {}
        named: set[int] = set()
        for code in codes.tolist():
            n, field, count = code >> 8, (code >> 4) & 15, code & 15
            if field in NAME_FIELDS:
                named.add(n)
            b = SEARCH_NORMS[field]
            norm = 1.0 - b + b * self.lengths[field][n] / self.averages[field] if b else 1.0
            tf[n] = tf.get(n, 0.0) + SEARCH_WEIGHTS[field] * count / norm
        df = len(tf)
        idf = math.log(1.0 + (self.total - df + 0.5) / (df + 0.5))
        return {n: idf * t / (K1 + t) for n, t in tf.items()}, idf, named

    def word(self, word: str) -> tuple[dict[int, float], dict[int, float], float, set[int]]:
        """For one query word: each entry's best score (exact, prefix or fuzzy), how well
        the entry matches it (1.0 exactly, less by prefix or typo), and the word's weight
        (the idf of its best match)."""
        cached = self._scores.get(word)
        if cached is not None:
            return cached
        best: dict[int, float] = {}
        fit: dict[int, float] = {}
        weight = 0.0
        in_name: set[int] = set()
        expanded = _expand(word, self.vocab, fuzzy=False)
        for suffix in DERIVED if not expanded else ():  # simplest: simple, faster: fast
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                expanded = [
                    (t, q * SYNONYM_FACTOR) for t, q in _expand(word[: -len(suffix)], self.vocab, False)
                ]
                if expanded:
                    break
        if not expanded and self.fuzzy:
            expanded = _expand(word, self.vocab)
        for term, quality in expanded:
            scores, idf, named = self.scores(self.postings[term])
            if quality == 1.0:
                in_name |= named
            weight = max(weight, idf)
            for n, s in scores.items():
                s *= quality
                if s > best.get(n, 0.0):
                    best[n] = s
                if quality > fit.get(n, 0.0):
                    fit[n] = quality
        found = self._scores[word] = best, fit, weight, in_name
        return found

    def compound(self, word: str) -> str | None:
        """A word found nowhere read as two that some entry has in a row ("multicore")."""
        for i in range(3, len(word) - 2):
            head, tail = word[:i], word[i:]
            pair = f"{root(head)} {root(tail)}"
            if pair in self.kb.section(f"search-pairs/{name_bucket(pair, self.pair_buckets)}"):
                return f"{head} {tail}"
        return None

    def pair(self, a: str, b: str) -> dict[int, float]:
        """Scores of the entries where ``a`` and ``b`` are adjacent in a field."""
        text = f"{root(a)} {root(b)}"
        blob = self.kb.section(f"search-pairs/{name_bucket(text, self.pair_buckets)}").get(text)
        return self.scores(blob)[0] if blob else {}


def widespread(kb: KnowledgeBase, word: str) -> bool:
    """Whether ``word`` (as typed) is in more than about 1% of the entries: a word of the
    domain's everyday language (attach, trace, launch), not a subject of its own (joins)."""
    index = _Index(kb, fuzzy=False)
    blob = index.postings.get(root(word))
    return blob is not None and index.scores(blob)[1] < WIDESPREAD_IDF


def _diverse(kb: KnowledgeBase, ranked: list[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` hits, a service's second and later facts after the other entries
    that score within FACT_REPEAT of them: one card's facts do not fill the page."""
    facts: set[int] = set(kb.section("search-facts"))
    seen: set[str] = set()
    owners: list[str] | None = None
    out: list[tuple[int, float]] = []
    for n, s in ranked[: limit * 4]:
        if n in facts:
            if owners is None:
                owners = kb.section("search-owners")
            if owners[n] in seen:
                s *= FACT_REPEAT
            seen.add(owners[n])
        out.append((n, s))
    out.sort(key=lambda item: (-item[1], item[0]))
    return out[:limit]


def _asked(n: int, name_hits: dict[int, int], index: _Index, least: int = 1) -> bool:
    """Whether the query has every word of entry ``n``'s own name (of at least ``least`` words)."""
    return name_hits.get(n, 0) >= index.name_sizes[n] >= least


def query_groups(query: str, synonyms: dict[str, list[str]]) -> list[tuple[str, list[tuple[str, float]]]]:
    """The query's meaningful words, each with the words that may stand for it.

    Multi-word synonyms are read first ("how long" -> timeout, duration, retention). A
    number between "every" and a unit of time is dropped and the unit made singular
    ("every 15 minutes" is "every minute", a schedule in the synonym table).
    """
    typed = [part for w in normalize(without_possessive(query)).split() for part in _number_and_unit(w)]
    for i in range(len(typed) - 2, 0, -1):
        if typed[i - 1] == "every" and typed[i].isdigit() and typed[i + 1] in TIME_UNITS:
            del typed[i]
    typed = [
        w[:-1] if w in TIME_UNITS and w.endswith("s") and i and typed[i - 1] == "every" else w
        for i, w in enumerate(typed)
    ]
    raw = [SYNONYMS.get(w, w) for w in typed]
    camel = _camel_phrases(query)
    longest = max((len(p.split()) for p in synonyms), default=1)
    groups: list[tuple[str, list[tuple[str, float]]]] = []
    i = 0
    while i < len(raw):
        if _region_code(typed[i : i + 3]):  # "eu-west-1": a question about Regions
            code = " ".join(typed[i : i + 3])
            groups.append((code, [(code, 1.0), ("region", SYNONYM_FACTOR), ("us east 1", SYNONYM_FACTOR)]))
            i += 3
            continue
        for size in range(min(longest, len(raw) - i), 0, -1):
            phrase = " ".join(raw[i : i + size])
            if phrase not in synonyms:
                phrase = " ".join(typed[i : i + size])  # "one message to many", before one -> 1
            if phrase in synonyms:
                alternatives = [(m, SYNONYM_FACTOR) for m in synonyms[phrase] if m not in FILLER]
                if size == 1 and raw[i] not in FILLER:
                    alternatives.insert(0, (raw[i], 1.0))
                if alternatives:
                    groups.append((phrase, alternatives))
                i += size
                break
        else:
            w = raw[i]
            i += 1
            if w in camel:  # ThrottlingException: the name, or its words
                groups.append((w, [(w, 1.0), (camel[w], SYNONYM_FACTOR)]))
            elif w not in STOPWORDS:
                groups.append((w, [(w, 1.0)]))
    return groups


REGION_AREAS = frozenset("us eu ap sa ca me af il mx cn".split())


def uncovered_named(kb: KnowledgeBase, query: str) -> dict[str, str]:
    """The phrases of ``query`` that name a product awsref does not cover, with its name."""
    phrases: dict[str, str] = kb.section("uncovered") or {}
    words = normalize(without_possessive(query)).split()
    found: dict[str, str] = {}
    for size in range(max((p.count(" ") + 1 for p in phrases), default=0), 0, -1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in phrases and not any(phrase in longer for longer in found):
                found[phrase] = phrases[phrase]
    return found


def _region_code(words: list[str]) -> bool:
    """Whether three words are a Region's code as normalised ("eu west 1"). us-east-1 is
    an alternative of any: global resources (Lambda@Edge, CloudFront certificates) live there."""
    return (
        len(words) == 3
        and words[0] in REGION_AREAS
        and words[1].isalpha()
        and len(words[1]) > 3
        and words[2].isdigit()
    )


def _number_and_unit(word: str) -> list[str]:
    """ "4kb" as "4", "kb"; "15min" as "15", "min": a quantity typed without its space."""
    digits = len(word) - len(word.lstrip("0123456789"))
    if 0 < digits < len(word) and word[digits:].isalpha():
        return [word[:digits], word[digits:]]
    return [word]


def _camel_phrases(query: str) -> dict[str, str]:
    """Each CamelCase word of the query (lower-cased) and its meaningful words as a phrase:
    ProvisionedThroughputExceededException -> "provisioned throughput exceeded"."""
    out: dict[str, str] = {}
    for token in query.split():
        parts = [p.casefold() for p in camel_words(token)]
        words = [p for p in parts if p not in CAMEL_GENERIC and p not in FILLER]
        if len(parts) > 1 and words:
            out["".join(parts)] = " ".join(words)
    return out


def _named_services(kb: KnowledgeBase, query: str, index: _Index) -> tuple[set[str], set[str]]:
    """(service ids the query names, the query's words that name them): runs of up to
    three words that are a service's name ("step functions", "api gateway", "sqs"). A
    one-word alias that is also a common word ("queue", "logs", "containers") names
    nothing: it is a word to match."""
    words = normalize(query).split()
    found: set[str] = set()
    used: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(3, len(words) - i), 0, -1):
            run = words[i : i + size]
            if run[0] in FILLER or run[-1] in FILLER:
                continue
            k = key(" ".join(run))
            hit = kb.name(k) or (kb.name(k.replace(" ", "")) if " " in k else None)
            if not hit or hit[0] != "service":
                continue
            sid = hit[1]
            if size == 1 and k not in (sid, key(kb.label(sid))) and index.word(k)[2] < COMMON_IDF:
                continue
            found.add(sid)
            used.update(run)
            i += size
            break
        else:
            i += 1
    return found, used


def search(
    kb: KnowledgeBase,
    query: str,
    limit: int = 10,
    *,
    service: str | None = None,
    require_all: bool = False,
    domain: str | None = None,
    fuzzy: bool = True,
) -> list[dict]:
    """The best ``limit`` hits for ``query``: kind, ref, title, snippet, command, score;
    none when even the best is weak.

    ``service`` keeps only entries of that service, ``domain`` only entries of that exam
    domain, ``require_all`` only entries that contain every meaningful word; without
    ``fuzzy``, a word must be in the index as typed (or a prefix of an indexed word).
    """
    groups = query_groups(query, kb.section("synonyms") or {})
    if not any(word not in FILLER for word, _ in groups):
        return []
    # A product awsref does not cover ("bedrock") counts as a word found nowhere, however
    # many entries mention it in passing.
    foreign = {w for phrase in uncovered_named(kb, query) for w in phrase.split()}
    index = _Index(kb, fuzzy)
    named, service_words = _named_services(kb, query, index)
    # A service's name is a prior, unless the query names nothing else ("search lambda").
    prior_only = {word for word, _ in groups if word not in FILLER and set(word.split()) <= service_words}
    if len(prior_only) == len([w for w, _ in groups if w not in FILLER]):
        prior_only = set()
    scores: dict[int, float] = {}
    matched: dict[int, int] = {}
    covered: dict[int, float] = {}
    common: dict[int, bool] = {}
    mentions: set[int] = set()
    name_hits: dict[int, int] = {}  # how many of the query's words are in the entry's name
    # API, exception and error names as typed (not a service's own name: CloudFront).
    identifiers = {w for w in _camel_phrases(query) if (kb.name(w) or [""])[0] != "service"}
    exact_names: set[int] = set()
    unmatched = 0  # words found nowhere: mostly what awsref does not cover ("sagemaker")
    total_weight = 0.0
    wanted = 0
    for word, alternatives in groups:
        if word in QUESTION_WORDS:
            continue
        if len(alternatives) == 1 and " " not in word and len(word) >= 7 and not index.word(word)[0]:
            split = index.compound(word)
            if split is not None:
                alternatives = [(split, SYNONYM_FACTOR)]
        best: dict[int, float] = {}
        fit: dict[int, float] = {}  # how well the entry matches the word (1: exactly)
        weight = 0.0
        named_here: set[int] = set()
        for alternative, factor in alternatives:
            # A phrase ("identity center") counts where all of its words are.
            parts = [index.word(w) for w in alternative.split()]
            docs = set(parts[0][0]).intersection(*(p[0] for p in parts[1:]))
            if factor == 1.0 and len(parts) == 1:
                named_here |= parts[0][3]
            if docs:
                weight = max(weight, sum(p[2] for p in parts) / len(parts))
            for n in docs:
                s = factor * sum(p[0][n] for p in parts) / len(parts)
                if s > best.get(n, 0.0):
                    best[n] = s
                q = factor * min(p[1].get(n, 0.0) for p in parts)
                if q > fit.get(n, 0.0):
                    fit[n] = q
        if word in FILLER:  # adds to a score, never makes a hit nor counts towards coverage
            for n, s in best.items():
                if n in scores:
                    scores[n] += s
            continue
        for n in named_here:
            name_hits[n] = name_hits.get(n, 0) + 1
            if word in identifiers and len(identifiers) == 1:
                exact_names.add(n)  # "GenerateDataKey", "ThrottlingException": its own entry
        if word in prior_only:
            # A service's name is a prior: it adds to the score and weighs a little.
            weight *= SERVICE_COVER
            total_weight += weight
            for n, s in best.items():
                scores[n] = scores.get(n, 0.0) + SERVICE_WORD_FACTOR * s
                covered[n] = covered.get(n, 0.0) + weight * fit[n]
                mentions.add(n)
            continue
        wanted += 1
        if word in foreign:
            best, fit = {}, {}
        if not best:  # a word found nowhere still weighs: it is part of the question
            weight = UNMATCHED_WEIGHT * index.max_idf
            unmatched += 1
        total_weight += weight
        is_common = weight < COMMON_IDF
        for n, s in best.items():
            scores[n] = scores.get(n, 0.0) + s
            matched[n] = matched.get(n, 0) + 1
            covered[n] = covered.get(n, 0.0) + weight * fit[n]
            common[n] = common.get(n, True) and is_common
    if not wanted:
        return []
    # An entry must match a word of the question, or the service it names.
    scores = {n: s for n, s in scores.items() if n in matched or n in mentions}
    # Proximity: adjacent query words adjacent in a field of the entry.
    content = [w for w in tokens(query) if w not in FILLER]
    for a, b in pairwise(content):
        for n, s in index.pair(a, b).items():
            if n in scores:
                scores[n] += PAIR_WEIGHT * s
    if named or service:
        owners: list[str] = kb.section("search-owners")
        for n in list(scores):
            mine = owners[n].split()
            if service and service not in mine:
                del scores[n]
            elif named.intersection(mine):
                # An entry of the named service alone more than one it shares with others.
                scores[n] *= 1.0 + (SERVICE_PRIOR - 1.0) * len(named.intersection(mine)) / len(mine)
                if len(named) > 1 and named <= set(mine):
                    scores[n] *= BOTH_PRIOR  # two services named: what they share (their comparison)
            elif n in mentions:
                scores[n] *= MENTION_PRIOR
    if domain:
        bit = 1 << DOMAINS.index(domain)
        masks = kb.section("search-domains")
        scores = {n: s for n, s in scores.items() if masks[n] & bit}
    if require_all:
        scores = {n: s for n, s in scores.items() if matched.get(n, 0) == wanted}
    if not scores:
        return []
    typed = normalize(query).split()
    shape = any(pair in KIND_SHAPES for pair in pairwise(typed))
    all_cards: dict[str, int] = kb.section("search-cards") if shape or named else {}
    preferred = set(all_cards.values()) if shape else set()
    asked_comparisons: set[int] = set()
    if COMPARATIVE.intersection(typed):  # "faster than", "vs", "difference between": comparisons
        comparisons = kb.section("search-comparisons")
        preferred.update(comparisons)
        # A comparison whose every subject the question names is what it asks.
        asked_comparisons = {n for n in comparisons if n in scores and _asked(n, name_hits, index, 2)}
    for sid in named:  # the named service's own card: the prior once more
        own = all_cards.get(sid)
        if own in scores:
            scores[own] *= CARD_PRIOR
    facts = set(kb.section("search-facts")) if FACT_WEIGHT != 1.0 else set()
    for n in scores:
        scores[n] *= covered.get(n, 0.0) / (total_weight or 1.0)  # coverage
        if n in facts:
            scores[n] *= FACT_WEIGHT
        if n in preferred:
            scores[n] *= KIND_PRIOR
        if n in asked_comparisons or n in exact_names:
            scores[n] *= ASKED_PRIOR
    ranked = _diverse(kb, sorted(scores.items(), key=lambda item: (-item[1], item[0])), limit)
    first = ranked[0][0]
    coverage = covered.get(first, 0.0) / (total_weight or 1.0)
    weak = coverage < WEAK_COVERAGE or (common.get(first, False) and matched.get(first, 0) < wanted)
    if first not in asked_comparisons and (
        (unmatched and coverage < UNMATCHED_COVERAGE) or (weak and not _asked(first, name_hits, index))
    ):
        return []  # only a small or common part of the query matched: not clearly anything
    top = ranked[0][1]
    chunk = kb.section("search")["chunk"]
    hits = []
    for n, s in ranked:
        kind, ref, title, snippet, command = kb.section(f"search-docs/{n // chunk}")[n % chunk]
        hits.append(
            {
                "kind": kind,
                "ref": "/".join(ref) if kind == "limit" else ref[0],
                "title": title,
                "snippet": snippet,
                "command": command,
                "score": round(100.0 * s / top, 1),
                "matched": f"{matched.get(n, 0)}/{wanted}",
            }
        )
    return hits
