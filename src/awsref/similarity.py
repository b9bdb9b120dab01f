"""String distances without importing rapidfuzz, whose import (25-35 ms) costs more than a
lookup's whole answer: ``fuzz.ratio`` for search's typo expansion, ``fuzz.WRatio`` for "did
you mean", and the optimal string alignment distance for the resolver's typo correction.
Each gives exactly what rapidfuzz gives (property tests hold them to it); only the online
mode (``account``) still imports rapidfuzz.
"""

from __future__ import annotations


def _masks(a: str) -> dict[str, int]:
    """Each letter of ``a`` as the bit mask of its positions (the bit-parallel LCS's table)."""
    masks: dict[str, int] = {}
    bit = 1
    for c in a:
        masks[c] = masks.get(c, 0) | bit
        bit <<= 1
    return masks


def _lcs_masked(masks: dict[str, int], n: int, b: str) -> int:
    """The LCS length of the ``n``-letter string whose ``masks`` these are, and ``b``
    (Hyyrö's bit-parallel algorithm: one pass over ``b``)."""
    full = (1 << n) - 1
    v = full
    for c in b:
        m = masks.get(c)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return n - v.bit_count()


def lcs_length(a: str, b: str) -> int:
    """The length of the longest common subsequence of ``a`` and ``b``."""
    if not a or not b:
        return 0
    return _lcs_masked(_masks(a), len(a), b)


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


def _partial(needle: str, hay: str, best: float, floor: float = 0.0) -> float:
    """The best similarity (0-1) of ``needle`` to a stretch of ``hay`` at most its length: the
    stretches that start ``hay`` or end it, shorter than ``needle``, and every one of its
    length; or any value under ``floor`` when none reaches it.

    A stretch is skipped when its outer letter is not in ``needle`` (one letter shorter at
    that end matches as much and is never worse), or when the letters it shares with
    ``needle``, counted with repeats (a bound on their common subsequence), cannot beat the
    best so far or reach ``floor``: that keeps the costly alignment to a few stretches."""
    n, m = len(needle), len(hay)
    masks = _masks(needle)
    need = {c: needle.count(c) for c in masks}
    shared = sum(min(k, hay.count(c)) for c, k in need.items())
    if 2 * shared < max(best, floor) * (n + shared):
        return best  # no stretch of any length can do better
    stretches = [(0, i) for i in range(1, n) if hay[i - 1] in masks]
    stretches += [(i, i + n) for i in range(m - n) if hay[i + n - 1] in masks]
    stretches += [(i, m) for i in range(m - n, m) if hay[i] in masks]
    have = dict.fromkeys(need, 0)
    low = high = common = 0  # the stretch hay[low:high] and its letters shared with needle
    for start, end in stretches:  # both ends only move right
        while high < end:
            c = hay[high]
            high += 1
            if c in have:
                have[c] += 1
                common += have[c] <= need[c]
        while low < start:
            c = hay[low]
            low += 1
            if c in have:
                common -= have[c] <= need[c]
                have[c] -= 1
        total = n + end - start
        if 2 * common < max(best, floor) * total:
            continue
        score = 1.0 - (total - 2 * _lcs_masked(masks, n, hay[start:end])) / total
        if score > best:
            best = score
            if best == 1.0:
                break
    return best


def partial_ratio(a: str, b: str, floor: float = 0.0) -> float:
    """``rapidfuzz.fuzz.partial_ratio``: the ratio of the shorter string to the stretch of the
    longer that it matches best (both ways round when the lengths are equal), when that
    reaches ``floor`` (0-100); under it, some lower value. The best stretch is always
    found; rapidfuzz finds it for a shorter string of up to 64 letters."""
    if not a and not b:
        return 100.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    best = _partial(shorter, longer, 0.0, floor / 100)
    if best != 1.0 and len(a) == len(b):
        best = _partial(longer, shorter, best, floor / 100)
    return 100.0 if best == 1.0 else best * 100


def _norm(distance: int, total: int) -> float:
    return 100 - 100 * distance / total if total else 100.0


def _sorted_words(words: object) -> str:
    return " ".join(sorted(words))  # type: ignore[call-overload]


def _token_ratio(a: str, b: str) -> float:
    """``rapidfuzz.fuzz.token_ratio``: the better of the ratio of the words sorted and the
    token-set ratio (the shared words against the shared words plus each side's own)."""
    words_a, words_b = a.split(), b.split()
    by_sort = ratio(_sorted_words(words_a), _sorted_words(words_b))
    set_a, set_b = set(words_a), set(words_b)
    if not set_a or not set_b:
        return by_sort
    shared, only_a, only_b = set_a & set_b, set_a - set_b, set_b - set_a
    if shared and (not only_a or not only_b):
        return 100.0
    left, right = _sorted_words(only_a), _sorted_words(only_b)
    common = len(" ".join(shared))
    joint = common + (common != 0)
    with_a, with_b = joint + len(left), joint + len(right)
    indel = len(left) + len(right) - 2 * lcs_length(left, right)
    best = _norm(indel, with_a + with_b)
    if common:  # the shared words against the shared words and one side's own
        best = max(best, _norm(1 + len(left), common + with_a), _norm(1 + len(right), common + with_b))
    return max(best, by_sort)


def _partial_token_ratio(a: str, b: str, floor: float) -> float:
    """``rapidfuzz.fuzz.partial_token_ratio``: 100 when a word is shared, else the better
    partial ratio of the words sorted and of each side's distinct words sorted."""
    words_a, words_b = a.split(), b.split()
    set_a, set_b = set(words_a), set(words_b)
    if set_a & set_b:
        return 100.0
    best = partial_ratio(_sorted_words(words_a), _sorted_words(words_b), floor)
    if len(words_a) == len(set_a) and len(words_b) == len(set_b):
        return best
    return max(best, partial_ratio(_sorted_words(set_a), _sorted_words(set_b), max(floor, best)))


def wratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """``rapidfuzz.fuzz.WRatio``, or 0 under ``cutoff``: the ratio, or when the lengths differ
    by half or more the partial ratios scaled down (0.9, or 0.6 past eight times), or the
    token ratios at 0.95. The cut-off spares the partial ratios' stretches that cannot
    reach it (a floor a hair under it, so rounding never loses a score)."""
    if not a or not b:
        return 0.0
    spread = max(len(a), len(b)) / min(len(a), len(b))
    if cutoff and _bound(a, b, spread) < _floor(cutoff):
        return 0.0
    best = ratio(a, b)
    if spread < 1.5:
        best = max(best, _token_ratio(a, b) * 0.95)
    else:
        scale = 0.9 if spread <= 8.0 else 0.6
        if not set(a.split()).isdisjoint(b.split()):  # a shared word: partial token ratio 100
            best = max(best, 100 * 0.95 * scale)  # first, so it prunes the partial ratio's stretches
        best = max(best, partial_ratio(a, b, _floor(max(best, cutoff) / scale)) * scale)
        floor = _floor(max(best, cutoff) / 0.95 / scale)
        best = max(best, _partial_token_ratio(a, b, floor) * 0.95 * scale)
    return best if best >= cutoff else 0.0


def _bound(a: str, b: str, spread: float) -> float:
    """A cheap ceiling on ``wratio(a, b)`` from the letters the two share, counted with
    repeats: no alignment of the whole, of the words sorted or of a stretch can match
    more. It holds when neither repeats a word, they share none and each is spaced
    singly (the token ratios then see the same letters); else 100."""
    words_a, words_b = a.split(), b.split()
    set_a = set(words_a)
    if (
        len(set_a) != len(words_a)
        or len(set(words_b)) != len(words_b)
        or not set_a.isdisjoint(words_b)
        or " ".join(words_a) != a
        or " ".join(words_b) != b
    ):
        return 100.0
    shared = sum(min(a.count(c), b.count(c)) for c in set(a))
    whole = 200 * shared / (len(a) + len(b))
    if spread < 1.5:
        return whole
    scale = 0.9 if spread <= 8.0 else 0.6
    return max(whole, scale * 200 * shared / (min(len(a), len(b)) + shared))


def _floor(score: float) -> float:
    return score * (1 - 1e-9)


def extract_wratio(target: str, choices: list[str], cutoff: float) -> dict[str, float]:
    """``rapidfuzz.process.extract(target, choices, scorer=fuzz.WRatio, score_cutoff=cutoff,
    limit=None)`` as {choice: score}: the choices that score ``cutoff`` or more."""
    scored = ((c, wratio(target, c, cutoff)) for c in dict.fromkeys(choices))
    return {c: score for c, score in scored if score >= cutoff}


def extract_wratio_best(target: str, choices: list[str], limit: int) -> list[tuple[str, float, int]]:
    """``rapidfuzz.process.extract(target, choices, scorer=fuzz.WRatio, limit=limit)``:
    (choice, score, index), best first, ties in the choices' order. The ``limit``-th best
    score so far is the cut-off for the rest, so most choices are never fully scored."""
    found: list[tuple[float, int]] = []
    for i, choice in enumerate(choices):
        cutoff = -found[limit - 1][0] if len(found) >= limit else 0.0
        score = wratio(target, choice, cutoff)
        if score or not cutoff:  # under a cut-off, wratio gives 0
            found.append((-score, i))
            found.sort()
            del found[limit:]
    return [(choices[i], -score, i) for score, i in found]


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
    return edits(word, {c for w in vocab for c in w}) & known


def edits(word: str, letters: set[str]) -> set[str]:
    """Every string one edit from ``word`` (OSA: a letter of ``letters`` inserted or put in
    place of one, a letter deleted, two neighbours swapped), ``word`` itself left out."""
    heads = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in heads if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in heads if len(b) > 1}
    found |= {a + c + b[1:] for a, b in heads if b for c in letters}
    found |= {a + c + b for a, b in heads for c in letters}
    found.discard(word)
    return found
