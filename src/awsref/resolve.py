"""Fuzzy resolution of what the user typed to entities of the knowledge base.

Pure functions: no printing. Exact names (ids, names, aliases, after normalisation)
resolve through dictionaries; only when that fails is rapidfuzz imported, so an exact
lookup never pays for it.
"""

from __future__ import annotations

from awsref.text import acronym, key

STRONG = 85.0  # at or above: a confident fuzzy match
WEAK = 60.0  # below: no match, only suggestions
MARGIN = 4.0  # a runner-up this close makes the best match ambiguous


class Match:
    """The best candidate for a query, how sure we are, and the runners-up."""

    __slots__ = ("also", "quality", "ref", "score")

    def __init__(self, ref: object, score: float, quality: str, also: list) -> None:
        self.ref = ref
        self.score = score
        self.quality = quality  # "exact", "fuzzy" or "weak"
        self.also = also

    def __repr__(self) -> str:
        return f"Match({self.ref!r}, {self.score:.0f}, {self.quality}, also={self.also!r})"


def fuzzy_scores(query: str, choices: list[str]) -> list[tuple[int, float]]:
    """(index into choices, 0-100 score) for every choice worth considering, best first."""
    if not query or not choices:
        return []
    from rapidfuzz import fuzz, process

    found = process.extract(query, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=30)
    q_acronym = query.replace(" ", "")
    scores = {i: s for _, s, i in found}
    if 2 <= len(q_acronym) <= 5:
        for i, choice in enumerate(choices):
            if acronym(choice) == q_acronym:
                scores[i] = max(scores.get(i, 0.0), 90.0)
    return sorted(scores.items(), key=lambda item: -item[1])


def rank(query: str, names: list[tuple[str, object]]) -> list[tuple[object, float]]:
    """Best score per ref for ``query`` against (normalised name, ref) pairs, best first."""
    q = key(query)
    best: dict[object, float] = {}
    for name, ref in names:
        if name == q:
            best[ref] = 100.0
    if best:
        return sorted(best.items(), key=lambda item: -item[1])
    choices = [name for name, _ in names]
    for i, score in fuzzy_scores(q, choices):
        ref = names[i][1]
        if score > best.get(ref, -1.0):
            best[ref] = score
    return sorted(best.items(), key=lambda item: -item[1])


def judge(ranked: list[tuple[object, float]], *, exact: bool = False) -> Match | None:
    """Turn a ranking into a Match, or None when even the best is too weak."""
    if not ranked:
        return None
    ref, score = ranked[0]
    also = [r for r, s in ranked[1:4] if s >= WEAK]
    if exact or score >= 100.0:
        return Match(ref, 100.0, "exact", [])
    if score < WEAK:
        return None
    close = len(ranked) > 1 and ranked[1][1] > score - MARGIN
    quality = "fuzzy" if score >= STRONG and not close else "weak"
    return Match(ref, score, quality, also if quality == "weak" else [])


def suggestions(ranked: list[tuple[object, float]], count: int = 3) -> list[object]:
    """The refs to offer in a "did you mean" line."""
    return [ref for ref, _ in ranked[:count]]


def entity_by_name(kb: object, query: str, kind: str | None = None) -> str | None:
    """Exact lookup of a service or term id by any of its names (no fuzzy matching)."""
    hit = kb.name(key(query))  # type: ignore[attr-defined]
    if hit and (kind is None or hit[0] == kind):
        return hit[1]
    return None


def name_pairs(kb: object, kind: str | None = None) -> list[tuple[str, object]]:
    """(name, id) pairs of all services and/or terms, for fuzzy ranking."""
    return [(n, ref[1]) for n, ref in kb.section("names").items() if kind is None or ref[0] == kind]  # type: ignore[attr-defined]


def resolve_service(kb: object, query: str) -> tuple[Match | None, list[tuple[object, float]]]:
    """The service ``query`` names; the ranking is returned for suggestions."""
    sid = entity_by_name(kb, query, "service")
    if sid:
        return Match(sid, 100.0, "exact", []), []
    ranked = rank(query, name_pairs(kb, "service"))
    return judge(ranked), ranked


def split_service(kb: object, words: list[str]) -> tuple[Match | None, list[str]]:
    """Split ``limit`` arguments into (service match, remaining words).

    The longest leading run of words that exactly names a service wins ("simple queue
    service message size"); failing that, the first word if it is a confident fuzzy
    match for a service ("dynamdb item size"); else no service.
    """
    for n in range(min(len(words), 4), 0, -1):
        sid = entity_by_name(kb, " ".join(words[:n]), "service")
        if sid:
            return Match(sid, 100.0, "exact", []), words[n:]
    match, _ = resolve_service(kb, words[0])
    if match and match.quality != "weak":
        return match, words[1:]
    return None, words


def limit_pairs(service: dict) -> list[tuple[str, object]]:
    """(name, limit id) pairs of one service's limits."""
    return [
        (key(n), lim["id"]) for lim in service["limits"] for n in (lim["id"], lim["name"], *lim["aliases"])
    ]
