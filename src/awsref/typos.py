"""Reading a word the vocabulary lacks as a typo of one it has: the resolver's rules (a
confident slip, the first letter kept, another product's name left alone).

Without rapidfuzz (``similarity.one_edit``, ``similarity.nearest_within``): its import alone
costs more than a miss's whole answer.
"""

from __future__ import annotations

from awsref.text import stem

SPELLED_FROM = 6  # a word this long, found nowhere, may be a slip of a spelling its root hides


def correct(word: str, vocab: list[str], *, short_ok: bool = False) -> str | None:
    """The one vocabulary word ``word`` is a confident typo or unique prefix of, else None.

    Words of four letters or fewer are too short to correct ("stay" is one letter from
    "star", "glue" from "blue"), unless ``short_ok`` (a service name position, where the
    choice is small: ``sqz``). The first letter must stay (or swap with the second).
    """
    n = len(word)
    if n < 3 or (n <= 4 and not short_ok) or not any(c.isalpha() for c in word):
        return None
    completion = None
    if n >= 5:
        import bisect  # only a word that is not known is corrected: spared on the rest

        i = bisect.bisect_left(vocab, word)
        completions: list[str] = []
        while i < len(vocab) and vocab[i].startswith(word) and len(completions) < 2:
            completions.append(vocab[i])
            i += 1
        if len(completions) == 1:
            completion = completions[0]
            if len(completion) - n < 3:
                return completion
    # A much longer completion gives way to a slip ("lambdaa" is lambda, not lambdaallatonce).
    choice = _slip(word, vocab, short_ok)
    return choice or completion


def _slip(word: str, vocab: list[str], short_ok: bool) -> str | None:
    """The one vocabulary word ``word`` is a typo of (``correct``'s rules), else None."""
    from awsref.similarity import nearest_within, one_edit

    n = len(word)
    closest = one_edit(word, vocab)  # most slips are one edit: found without rapidfuzz
    if not closest and n >= 10:  # two edits, only in long words
        closest = nearest_within(word, vocab, 2)
    if len(closest) != 1:
        return None
    (choice,) = closest
    # Three letters are mostly initials: only a swap counts ("vcp" is "vpc"; "emr" is not "ecr").
    if n == 3 and sorted(choice) != sorted(word):
        return None
    # People rarely mistype a word's first letter: "glue" is not a typo of "blue".
    if choice[0] != word[0] and sorted(choice[:2]) != sorted(word[:2]):
        return None
    # A longer word that starts with a known one is another word ("polly", "documentdb"),
    # unless it only doubles the last letter ("dynamodbb"; "sqss" in a service's place).
    if word.startswith(choice) and not ((short_ok or n >= 6) and word == choice + choice[-1]):
        return None
    return choice


def spelled_slips(word: str, vocab: list[str]) -> dict[str, str]:
    """The vocabulary words (roots) that a spelling one slip from ``word`` has, each with that
    spelling: "lockng" is "locking" (root "lock"), "chaning" "chaining" or "changing", where
    ``correct`` compares roots only ("chaning" has the root "chan"). The slip is a letter
    left out, two swapped or one mistyped (a letter too many would read "lockng" as "locing",
    root "loc"), the first letter stays (or swaps with the second), and the root has at least
    four letters."""
    from awsref.similarity import edits

    known = set(vocab)
    heads = {v[:4] for v in vocab}  # a root starts a spelling ("lock", "locking"): few need a stem
    found: dict[str, str] = {}
    for spelled in sorted(edits(word, {c for v in vocab for c in v})):
        if len(spelled) < len(word) or (spelled[:4] not in heads and not spelled.endswith("ies")):
            continue  # a letter left out, two swapped or one mistyped; not a letter too many
        if spelled[0] != word[0] and sorted(spelled[:2]) != sorted(word[:2]):
            continue
        form = stem(spelled)
        if form != spelled and len(form) >= SPELLED_FROM - 2 and form in known and form not in found:
            found[form] = spelled
    return found
