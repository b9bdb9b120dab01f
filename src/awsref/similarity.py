"""String distances without importing rapidfuzz, whose import (25-35 ms) costs more than a
lookup's whole answer: ``fuzz.ratio`` for search's typo expansion, and the optimal string
alignment distance for the resolver's typo correction. Each gives exactly what rapidfuzz
gives (property tests hold them to it); rapidfuzz stays for "did you mean" ranking.
"""

from __future__ import annotations


def lcs_length(a: str, b: str) -> int:
    """The length of the longest common subsequence of ``a`` and ``b`` (Hyyrö's bit-parallel
    algorithm: one pass over ``b`` with ``a``'s letters as bit masks)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    bit = 1
    for c in a:
        masks[c] = masks.get(c, 0) | bit
        bit <<= 1
    full = bit - 1
    v = full
    for c in b:
        m = masks.get(c)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """``rapidfuzz.fuzz.ratio``: 100 × the normalised Indel similarity, or 0 under ``cutoff``.
    The same floating-point steps as rapidfuzz's, so scores on a cut-off agree exactly."""
    total = len(a) + len(b)
    if not total:
        return 100.0
    similarity = 1.0 - (total - 2 * lcs_length(a, b)) / total
    return similarity * 100 if similarity >= cutoff / 100 else 0.0


def extract_ratio(word: str, choices: list[str], limit: int, cutoff: float) -> list[tuple[str, float, int]]:
    """``rapidfuzz.process.extract(word, choices, scorer=fuzz.ratio, limit=limit,
    score_cutoff=cutoff)``: (choice, score, index), best first, ties in the choices' order.
    A choice whose length alone keeps it under the cut-off is not scored."""
    n = len(word)
    found: list[tuple[float, int]] = []
    for i, choice in enumerate(choices):
        m = len(choice)
        if n + m and 200 * min(n, m) < cutoff * (n + m):
            continue  # even every letter of the shorter in common would not reach the cut-off
        score = ratio(word, choice, cutoff)
        if score and score >= cutoff:
            found.append((-score, i))
    found.sort()
    return [(choices[i], -score, i) for score, i in found[:limit]]


def osa_within(a: str, b: str, most: int) -> int | None:
    """The optimal string alignment distance of ``a`` and ``b`` (deletions, insertions,
    replacements and swaps of neighbours) when it is at most ``most``, else None. A row of
    the table whose every cell is over ``most`` ends the count early."""
    if abs(len(a) - len(b)) > most:
        return None
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            best = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            row[j] = best
        if min(row) > most:
            return None
        previous2, previous = previous, row
    return previous[-1] if previous[-1] <= most else None


def nearest_within(word: str, vocab: list[str], most: int) -> set[str]:
    """The words of ``vocab`` at the smallest OSA distance from ``word``, when that is at most
    ``most`` (what rapidfuzz's OSA scorer finds with that cutoff, without importing it: the
    import alone costs more than a miss's whole answer)."""
    found: dict[str, int] = {}
    for w in vocab:
        d = osa_within(word, w, most)
        if d is not None:
            found[w] = d
    least = min(found.values(), default=None)
    return {w for w, d in found.items() if d == least}


def one_edit(word: str, vocab: list[str]) -> set[str]:
    """The words of ``vocab`` one edit from ``word`` (the optimal string alignment distance:
    a letter deleted, inserted, replaced, or two neighbours swapped), or {word} itself when
    it is one of them: what ``rapidfuzz``'s OSA distance finds at most 1, without importing it."""
    known = set(vocab)
    if word in known:
        return {word}
    letters = {c for w in vocab for c in w}
    heads = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in heads if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in heads if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in heads if b for c in letters}
    edits |= {a + c + b for a, b in heads for c in letters}
    edits.discard(word)
    return edits & known
