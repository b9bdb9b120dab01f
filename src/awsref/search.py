"""Ranked full-text search over the prebuilt inverted index.

Each query word is matched against the index vocabulary exactly, then by prefix, and
only if both fail by fuzzy similarity (rapidfuzz, imported on demand). A document's
score sums, over query words, the best matching word's weight in that document times
its inverse document frequency; documents matching every query word rank first.
"""

from __future__ import annotations

import bisect
import math
import sys
from array import array

from awsref.kb import KnowledgeBase
from awsref.text import stem, tokens

# How much a word counts by the field it appears in: body text, an alias, the entry's name.
WEIGHTS = (1.0, 2.5, 3.0)
PREFIX_FACTOR = 0.7
FUZZY_CUTOFF = 80.0
ALL_WORDS_BONUS = 2.0


def _expand(word: str, vocab: list[str]) -> list[tuple[str, float]]:
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
    if not found and len(w) >= 4:
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


def search(kb: KnowledgeBase, query: str, limit: int = 10) -> list[dict]:
    """The best ``limit`` hits for ``query``: kind, ref, title, snippet, command, score."""
    index = kb.section("search")
    postings = index["postings"]
    vocab = index["vocab"]
    words = list(dict.fromkeys(tokens(query)))
    total = index["docs"] or 1
    scores: dict[int, float] = {}
    matched: dict[int, int] = {}
    for word in words:
        best: dict[int, float] = {}
        for term, quality in _expand(word, vocab):
            blob = postings[term]
            idf = math.log(1.0 + total / (len(blob) // 4))
            for code in _postings(blob):
                n = code >> 2
                s = WEIGHTS[code & 3] * idf * quality
                if s > best.get(n, 0.0):
                    best[n] = s
        for n, s in best.items():
            scores[n] = scores.get(n, 0.0) + s
            matched[n] = matched.get(n, 0) + 1
    if not scores:
        return []
    for n, count in matched.items():
        if count == len(words) and len(words) > 1:
            scores[n] *= ALL_WORDS_BONUS
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    top = ranked[0][1]
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
            }
        )
    return hits
