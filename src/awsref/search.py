"""Ranked full-text search over the prebuilt inverted index.

Scoring is BM25-style with one occurrence per field: each query word contributes its
inverse document frequency times the weight of the field it was found in (an entry's
name over its aliases over body text), body matches normalised by the entry's length.
Documents are ranked first by how many of the query's meaningful words they contain,
then by score, so an entry that has every word beats one that repeats a rare one.

A query word is matched exactly, by prefix, through the knowledge base's synonym table
("temporarily share" -> presigned), and only if all of those fail by fuzzy similarity
(rapidfuzz, imported on demand). Filler words alone never make a hit. A word that names
a service boosts that service's entries.
"""

from __future__ import annotations

import bisect
import math
import sys
from array import array

from awsref.spec import DOMAINS, SEARCH_WEIGHTS
from awsref.text import FILLER, STOPWORDS, SYNONYMS, normalize, stem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.kb import KnowledgeBase

PREFIX_FACTOR = 0.7
SYNONYM_FACTOR = 0.9
FUZZY_CUTOFF = 80.0
SERVICE_BOOST = 1.5
COVERAGE_POWER = 2
ALL_WORDS_BONUS = 2.0
K1, B = 1.2, 0.75


def _expand(word: str, vocab: list[str], fuzzy: bool = True) -> list[tuple[str, float]]:
    """Index words that stand for ``word``, each with how well it matches (0-1)."""
    w = stem(word)
    found: dict[str, float] = {}
    i = bisect.bisect_left(vocab, w)
    if i < len(vocab) and vocab[i] == w:
        found[w] = 1.0
    if len(w) >= 3:
        while i < len(vocab) and vocab[i].startswith(w):
            found.setdefault(vocab[i], PREFIX_FACTOR)
            i += 1
    if not found and fuzzy and len(w) >= 4:
        from rapidfuzz import fuzz, process

        for match, score, _ in process.extract(
            w, vocab, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_CUTOFF
        ):
            found[match] = PREFIX_FACTOR * score / 100.0
    return list(found.items())


def _postings(blob: bytes) -> list[int]:
    codes = array("I")
    codes.frombytes(blob)
    if sys.byteorder != "little":
        codes.byteswap()
    return codes.tolist()


def _word_scores(
    word: str,
    postings: dict[str, bytes],
    vocab: list[str],
    total: int,
    lengths: array,
    average: float,
    fuzzy: bool = True,
) -> dict[int, float]:
    """Each document's best score for one word (exact, prefix or fuzzy)."""
    best: dict[int, float] = {}
    for term, quality in _expand(word, vocab, fuzzy):
        blob = postings[term]
        idf = math.log(1.0 + total / (len(blob) // 4))
        for code in _postings(blob):
            n = code >> 2
            field = code & 3
            s = SEARCH_WEIGHTS[field] * idf * quality
            if field == 0:
                s *= (K1 + 1) / (1 + K1 * (1 - B + B * lengths[n] / average))
            if s > best.get(n, 0.0):
                best[n] = s
    return best


def query_groups(query: str, synonyms: dict[str, list[str]]) -> list[tuple[str, list[tuple[str, float]]]]:
    """The query's meaningful words, each with the words that may stand for it.

    Multi-word synonyms are read first ("how long" -> timeout, duration, retention).
    """
    typed = normalize(query).split()
    raw = [SYNONYMS.get(w, w) for w in typed]
    longest = max((len(p.split()) for p in synonyms), default=1)
    groups: list[tuple[str, list[tuple[str, float]]]] = []
    i = 0
    while i < len(raw):
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
            if w not in STOPWORDS:
                groups.append((w, [(w, 1.0)]))
    return groups


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
    """The best ``limit`` hits for ``query``: kind, ref, title, snippet, command, score.

    ``service`` keeps only entries of that service, ``domain`` only entries of that exam
    domain, ``require_all`` only entries that contain every meaningful word; without
    ``fuzzy``, a word must be in the index as typed (or a prefix of an indexed word).
    """
    index = kb.section("search")
    postings = index["postings"]
    vocab = index["vocab"]
    total = index["docs"] or 1
    groups = query_groups(query, kb.section("synonyms") or {})
    # Filler words add to a score but never make a hit, nor count towards coverage.
    wanted = sum(1 for word, _ in groups if word not in FILLER)
    if not wanted:
        return []
    lengths = array("H")
    lengths.frombytes(index["lengths"])
    average = index["average"] or 1.0
    owners: list[str] | None = None
    boosted: set[str] = set()
    for word, _ in groups:
        hit = kb.name(word) or kb.name(stem(word))
        if hit and hit[0] == "service":
            boosted.add(hit[1])
    cards: dict[str, int] = {}
    if boosted or service:
        owners = kb.section("search-owners")
        cards = kb.section("search-cards")
    scores: dict[int, float] = {}
    extra: dict[int, float] = {}
    matched: dict[int, int] = {}
    covered: dict[int, float] = {}
    total_weight = 0.0
    for word, alternatives in groups:
        soft = word in FILLER
        best: dict[int, float] = {}
        for alternative, factor in alternatives:
            # A phrase ("identity center") counts where all of its words are.
            parts = [
                _word_scores(w, postings, vocab, total, lengths, average, fuzzy) for w in alternative.split()
            ]
            common = set(parts[0]).intersection(*parts[1:]) if len(parts) > 1 else parts[0]
            for n in common:
                s = factor * sum(p[n] for p in parts) / len(parts)
                if s > best.get(n, 0.0):
                    best[n] = s
        # A group weighs what its best match is worth: a rare word more than a common one.
        weight = max(best.values(), default=0.0)
        if not soft:
            total_weight += weight
        for n, s in best.items():
            if soft:
                extra[n] = extra.get(n, 0.0) + s
            else:
                scores[n] = scores.get(n, 0.0) + s
                matched[n] = matched.get(n, 0) + 1
                covered[n] = covered.get(n, 0.0) + weight
    for n, s in extra.items():
        if n in scores:
            scores[n] += s
    if owners is not None:
        for n in list(scores):
            if service and service not in owners[n].split():
                del scores[n]
            elif boosted and boosted.intersection(owners[n].split()):
                scores[n] *= SERVICE_BOOST
    for sid in boosted:  # the named service's own card, when it has every other word too
        own = cards.get(sid)
        if own is not None and own in scores and matched[own] == wanted:
            scores[own] *= SERVICE_BOOST
    if domain:
        bit = 1 << DOMAINS.index(domain)
        masks = kb.section("search-domains")
        scores = {n: s for n, s in scores.items() if masks[n] & bit}
    if require_all:
        scores = {n: s for n, s in scores.items() if matched[n] == wanted}
    if not scores:
        return []
    for n in scores:
        scores[n] *= (covered[n] / (total_weight or 1.0)) ** COVERAGE_POWER
        if matched[n] == wanted and wanted > 1:
            scores[n] *= ALL_WORDS_BONUS
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    top = max(s for _, s in ranked)
    chunk = index["chunk"]
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
                "matched": f"{matched[n]}/{wanted}",
            }
        )
    return hits
