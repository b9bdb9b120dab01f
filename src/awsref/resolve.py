"""Honest resolution: what the user typed, to an entry of the knowledge base or to "unknown".

One principle: every meaningful word of the query must be accounted for by the entry
chosen, matched exactly, through a synonym, or as a confident typo of a word the
knowledge base itself uses. Filler ("what", "is", "max", "number of") never carries a
match on its own, and a word that names something else ("vcpus" asked of SQS) rules an
entry out instead of being ignored. From how well the best entry's own name is covered
comes a calibrated confidence:

- ``exact``: a name of the entry, word for word;
- ``fuzzy``: confident, but through typos, partial names or words the entry's names lack
  (``ignored``: the caller must find them in the entry's own text, or answer "unknown");
- ``ambiguous``: two or more entries fit about equally well: the best is answered, the
  others are listed;
- no resolution at all: the caller says "not found".

Pure functions over the ``lexicon`` cache section (built by ``index``): no printing. Their
result, ``Resolution``, lives in ``answer`` so an exact lookup never imports this module.
Typos are read in ``typos``.
"""

from __future__ import annotations

from awsref.answer import Resolution
from awsref.text import FILLER, NOISE, SYNONYMS, filler_marks, normalize, stem, without_possessive
from awsref.typos import SPELLED_FROM, correct, spelled_slips

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from typing import Any

    from awsref.answer import Quality
    from awsref.lexicon import Lexicon

# A name covered this much less than the best one still makes the answer ambiguous.
AMBIGUITY_MARGIN = 0.2
MAX_ALTERNATIVES = 4
MAX_READINGS = 3  # a slip of a spelling the roots hide, read so many ways: the entry chosen picks


class Word:
    """One meaningful word of a query and the vocabulary words (or phrases) it may stand for."""

    __slots__ = ("forms", "phrases", "raw", "readings", "status")

    def __init__(
        self,
        raw: str,
        forms: frozenset[str],
        status: str,
        phrases: tuple[tuple[str, ...], ...] = (),
        readings: dict[str, str] | None = None,
    ) -> None:
        self.raw = raw
        self.forms = forms
        self.phrases = phrases  # multi-word meanings: all their words must be present
        self.status = status  # "known", "synonym", "corrected" or "unknown"
        self.readings = readings  # a slip with several readings: each form's spelling

    def hits(self, bag: set[str]) -> set[str]:
        """The words of ``bag`` that this word accounts for."""
        found = set(self.forms & bag)
        for phrase in self.phrases:
            if all(p in bag for p in phrase):
                found.update(phrase)
        return found

    def __repr__(self) -> str:
        return f"Word({self.raw!r}, {sorted(self.forms)}, {self.status})"


def analyse(
    text: str, lex: Lexicon, *, short_ok: bool = False, scope_vocab: list[str] | None = None
) -> tuple[list[Word], list[str]]:
    """The meaningful words of ``text`` and notes on how some were read (typos, unknowns)."""
    typed = normalize(without_possessive(text)).split()
    raw = [SYNONYMS.get(w, w) for w in typed]
    words: list[Word] = []
    notes: list[str] = []
    i = 0
    while i < len(raw):
        # Multi-word synonyms first ("how long" -> timeout, duration, retention).
        for size in range(min(lex.longest_phrase, len(raw) - i), 0, -1):
            phrase = " ".join(raw[i : i + size])
            means = lex.synonyms.get(phrase)
            if means is None:
                phrase = " ".join(typed[i : i + size])
                means = lex.synonyms.get(phrase)
            if means is not None:
                own = [raw[i], stem(raw[i])] if size == 1 and raw[i] not in FILLER else []
                forms = frozenset(m for m in [*own, *means] if " " not in m and m not in FILLER)
                phrases = tuple(tuple(m.split()) for m in means if " " in m)
                if forms or phrases:
                    words.append(Word(phrase, forms, "synonym", phrases))
                i += size
                break
        else:
            w = raw[i]
            i += 1
            if w in FILLER or (len(w) == 1 and w.isalpha() and not lex.known(w)):
                continue  # filler, or the "s" of "what's" (but the "x" of "x-ray" stays)
            s = stem(w)
            if lex.known(s) or lex.known(w):
                words.append(Word(w, frozenset({s, w}), "known"))
                continue
            if w.endswith("ed") and (lex.known(w[:-1]) or lex.known(w[:-2])):
                base = w[:-1] if lex.known(w[:-1]) else w[:-2]  # "assumed", "connected"
                words.append(Word(w, frozenset({base}), "known"))
                continue
            # "event bridge" for "eventbridge", "dynamo db" for "dynamodb".
            if i < len(raw):
                joined = w + raw[i]
                if lex.known(joined) or lex.known(stem(joined)):
                    words.append(Word(f"{w} {raw[i]}", frozenset({joined, stem(joined)}), "known"))
                    i += 1
                    continue
            parts = _split_compound(w, lex)
            if parts:
                words.extend(Word(p, frozenset({p, stem(p)}), "known") for p in parts)
                continue
            word, note = _read_unknown(w, s, lex, short_ok, scope_vocab)
            words.append(word)
            notes.extend(note)
    return words, notes


def _read_unknown(
    w: str, s: str, lex: Lexicon, short_ok: bool, scope_vocab: list[str] | None
) -> tuple[Word, list[str]]:
    """A word the vocabulary lacks (``w``, its root ``s``): a confident typo of one word, a
    slip of several readings for the entry chosen to pick from, or unknown; and the note."""
    # Short words only against a small vocabulary: services' names ("xrya", "vcp"), or
    # the limits of the service asked about ("codebuild buid timeout").
    short = len(s) <= 4
    small = scope_vocab if scope_vocab is not None else lex.service_vocab()
    fixed = correct(
        s, small if short else lex.vocab(s), short_ok=(short_ok or scope_vocab is not None) and short
    )
    if fixed is not None:
        return Word(w, frozenset({fixed}), "corrected"), [f"{w!r} read as {fixed!r}"]
    readings = spelled_slips(w, lex.vocab(w)) if len(w) >= SPELLED_FROM else {}
    if len(readings) == 1:
        ((fixed, spelled),) = readings.items()
        return Word(w, frozenset({fixed}), "corrected"), [f"{w!r} read as {spelled!r}"]
    if 1 < len(readings) <= MAX_READINGS:  # the entry chosen says which ("role chaning")
        return Word(w, frozenset(readings), "corrected", readings=readings), []
    return Word(w, frozenset({s}), "unknown"), []


def _read_slips(words: list[Word], lex: Lexicon, n: int) -> list[str]:
    """How the slips of several readings were read: as the one entity ``n`` has."""
    names, context = lex.entity(n)[2:]
    bag = set(context).union(*names)
    notes = []
    for w in words:
        if w.readings and len(hit := w.forms & bag) == 1:
            notes.append(f"{w.raw!r} read as {w.readings[next(iter(hit))]!r}")
    return notes


def _split_compound(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """``stepfunctions`` as ("step", "functions"): only when some name has the two words in a
    row, so another product's name ("timestream") is not read as two of awsref's words."""
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if lex.bigram(f"{stem(head)} {stem(tail)}"):
            return head, tail
    return None


def _fit(
    words: list[Word],
    names: list[list[str]],
    context: list[str],
    lex: Lexicon,
    strict: bool,
    lenient: bool = False,
    scoped: bool = False,
    said: frozenset[str] = frozenset(),
) -> tuple[Any, ...] | None:
    """How well one entry accounts for ``words``: (score, exact, ignored words), or None.

    ``strict`` (naming a service, term or comparison, or a limit without its service):
    an ignored word must be outweighed three to one, and a limit must be named with
    its service, since a limit's own name ("batch size") is shared by many services.
    ``lenient``: a word the entry lacks is ignored even when the knowledge base knows it
    (the verbs of a question about one service's limits: "how many layers can I attach").
    ``said``: the filler the query typed, marked (``text.filler_marks``): a name's own.
    """
    bag = set(context)
    for name in names:
        bag.update(name)
    covered: set[str] = set()
    loose: list[str] = []
    known_loose = 0
    for w in words:
        hit = w.hits(bag)
        if hit:
            covered.update(hit)
        elif w.status in ("unknown", "corrected") or lex.is_generic(w):
            loose.append(w.raw)
        elif lenient:
            loose.append(w.raw)
            known_loose += 1  # a word awsref knows elsewhere: ignoring it costs more
        else:
            return None  # the word names something this entry is not about
    matched = len(words) - len(loose)
    if not covered or len(loose) > matched or (strict and 3 * len(loose) > matched):
        return None
    if len(loose) == matched and not lenient:
        return None  # as many words unaccounted for as accounted: not clearly this entry
    best = 0.0
    exact = False
    own = covered - set(context)
    whole = covered | said
    for name in names:
        if not name:
            continue
        tokens = set(name)
        share = len(tokens & whole) / len(tokens)
        if share > best:
            best = share
        if own and own <= tokens <= whole:  # the name typed whole, the rest its context
            exact = True
    if best == 0.0 or (best < 0.5 and matched < 2 and not scoped):
        return None  # one word, a small part of a long name ("shard"), unless among one service's
    score = best + (0.25 if exact else 0.0) - 0.05 * len(loose) - 0.1 * known_loose
    return score, exact and not loose, loose


def _names_whole(words: list[Word], names: list[list[str]], said: frozenset[str] = frozenset()) -> bool:
    """Whether every word is accounted for by one name, all of whose words were typed (its
    filler among those ``said``)."""
    for name in names:
        tokens = set(name)
        hits = [w.hits(tokens) for w in words]
        if all(hits) and tokens <= said.union(*hits):
            return True
    return False


def _hits(word: Word, lex: Lexicon) -> set[int]:
    """The entities whose names or context account for ``word`` (``Word.hits`` of their words)."""
    found: set[int] = set()
    for form in word.forms:
        found.update(lex.postings(form))
    for phrase in word.phrases:
        found.update(set(lex.postings(phrase[0])).intersection(*(lex.postings(p) for p in phrase[1:])))
    return found


def _candidates(
    words: list[Word], lex: Lexicon, kinds: tuple[str, ...], span: range | None, lenient: bool
) -> list[int]:
    """The entities of ``kinds`` (within ``span``) that some word touches and that ``_fit`` can
    accept: unless ``lenient``, each known word that is not generic must be one of their words.
    Read from the words' postings alone, so only these entities' chunks are ever loaded."""
    seen: set[int] = set()
    for w in words:
        for form in w.forms.union(*w.phrases):
            seen.update(lex.postings(form))
    if not lenient:
        for w in words:
            if w.status not in ("unknown", "corrected") and not lex.is_generic(w):
                seen &= _hits(w, lex)
    spans = [range(*lex.spans[k]) for k in kinds if k in lex.spans]
    return sorted(n for n in seen if any(n in r for r in spans) and (span is None or n in span))


def rank(
    words: list[Word],
    lex: Lexicon,
    kinds: tuple[str, ...],
    within: str | None = None,
    product: bool = False,
    lenient: bool = False,
    span: range | None = None,
    said: frozenset[str] = frozenset(),
) -> list[tuple[float, int, bool, list[str]]]:
    """Entries of ``kinds`` that account for every word: (score, entity index, exact, ignored).

    ``product``: the query named a product ("aws batch", "amazon connect"): a service or
    term must then be named whole, never matched by one shared word. ``span``: the entity
    numbers ``within`` covers, when known (``Lexicon.scope``).
    """
    out = []
    for n in _candidates(words, lex, kinds, span, lenient):
        kind, ref, names, context = lex.entity(n)
        if within is not None and not ref.startswith(within):
            continue
        strict = within is None and (len(kinds) > 1 or kind != "limit")
        if strict and kind == "limit" and not any(w.hits(set(context)) for w in words):
            continue  # a limit asked for outside ``limit`` must name its service
        if product and kind in ("service", "term") and not _names_whole(words, names, said):
            continue
        fit = _fit(words, names, context, lex, strict, lenient, within is not None, said)
        if fit is not None:
            out.append((fit[0], n, fit[1], fit[2]))
    order = {k: i for i, k in enumerate(kinds)}
    # An entry that accounts for every word beats any that has to ignore some.
    out.sort(key=lambda r: (len(r[3]), -r[0], order[lex.entity(r[1])[0]], r[1]))
    return out


def decide(
    ranked: list[tuple[float, int, bool, list[str]]], lex: Lexicon, notes: list[str], corrected: bool
) -> Resolution | None:
    """Turn a ranking into a Resolution (exact, fuzzy or ambiguous), or None."""
    if not ranked:
        return None
    score, n, exact, loose = ranked[0]
    kind, ref = lex.entity(n)[0], lex.entity(n)[1]
    close = [
        lex.entity(m)[:2]
        for s, m, _, other in ranked[1:]
        if len(other) == len(loose) and s >= score - AMBIGUITY_MARGIN and m != n
    ]
    # Close entries of the same kind make the answer ambiguous; of another kind (the
    # term and the limit both called "visibility timeout"), they are only related.
    alternatives = [(k, r) for k, r in close if (k, r) != (kind, ref)][:MAX_ALTERNATIVES]
    notes = list(notes)
    quality: Quality
    if any(k == kind for k, _ in alternatives):
        quality = "ambiguous"
    elif exact and not corrected:
        quality = "exact"
    else:
        quality = "fuzzy"
    res = Resolution(kind, ref, quality, score, alternatives, notes, list(loose))
    res.tied = not exact and any(
        s == score and len(other) == len(loose) and lex.entity(m)[0] == kind for s, m, _, other in ranked[1:2]
    )
    return res


def resolve(
    text: str,
    lex: Lexicon,
    kinds: tuple[str, ...],
    *,
    within: str | None = None,
    short_ok: bool = False,
    lenient: bool = False,
) -> Resolution | None:
    """The entry of one of ``kinds`` that ``text`` names, or None when none clearly does."""
    scope, span = lex.scope(within) if within else (None, None)
    if lenient and within:
        # Ignoring the words an entry lacks is for the curated limits: among a thousand
        # quota names from AWS's tables, some name would always seem to fit.
        span = lex.curated_span(within)
    words, notes = analyse(text, lex, short_ok=short_ok, scope_vocab=scope)
    if not words:
        return None
    corrected = any(w.status == "corrected" for w in words)
    typed = normalize(without_possessive(text)).split()
    product = any(w in NOISE for w in typed)
    said = frozenset(filler_marks(SYNONYMS.get(w, w) for w in typed))  # "task definition"
    ranked = rank(words, lex, kinds, within, product, lenient, span, said)
    if not ranked and not lenient and (kin := _with_kin(words, lex)) is not None:
        ranked = rank(kin, lex, kinds, within, product, lenient, span, said)  # "connected": connection
    if ranked and any(w.readings for w in words):
        notes = notes + _read_slips(words, lex, ranked[0][1])
    return decide(ranked, lex, notes, corrected)


def _with_kin(words: list[Word], lex: Lexicon) -> list[Word] | None:
    """The words, each known one also as the vocabulary's words of its search root
    (``Lexicon.kin``), or None when that adds none. Tried only when the words as typed
    name nothing: it reads a vocabulary section."""
    out = [
        Word(w.raw, w.forms | lex.kin(w.raw), w.status, w.phrases)
        if w.status == "known" and " " not in w.raw
        else w
        for w in words
    ]
    return out if any(a.forms != b.forms for a, b in zip(out, words, strict=True)) else None


def suggest(text: str, lex: Lexicon, kinds: tuple[str, ...], count: int = 3) -> list[tuple[str, str]]:
    """Entries whose names look like ``text`` (for "did you mean"; never an answer)."""
    return lex.similar(" ".join(normalize(text).split()), kinds, count)
