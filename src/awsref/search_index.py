"""The search index at run time: a query word's postings, read bucket by bucket, to BM25F scores.

``index_search`` says what each section holds. A word reads the vocabulary of its first
letter (for its prefixes and typos) and the postings buckets of the words it stands for.
"""

from __future__ import annotations

import bisect
import math
import sys
from array import array

from awsref.buckets import name_bucket
from awsref.search_query import SYNONYM_FACTOR
from awsref.text import FILLER, root

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator

    from awsref.kb import KnowledgeBase

K1 = 2.0
TYPO_LENGTH = 2  # a typo's root is at most this many letters longer or shorter than the word meant
PREFIX_FACTOR = 0.7
FUZZY_CUTOFF = 80.0
# Words of a question that say nothing about its subject (beyond ``FILLER``).
QUESTION_WORDS = frozenset(
    """after all already another any anything around because being both but during
    else even ever get gets getting got if into just make makes making must
    not now off once one only onto other our out over own really right same seems
    since something still such take takes taking then thing things through too try
    trying under until up very via way ways whenever while within yet multiple several
    various lots lot certain ourselves myself yourself yesterday today tomorrow
    company companies organization organizations solution solutions requirement requirements
    meet meets overhead operational operationally approach combination steps least effort
    effective following suitable appropriate accomplish course fulfill fulfil necessary likely
    correct achieve implement choices done amount""".split()
)  # the second half: an exam question's frame ("Which solution meets these requirements
# with the LEAST operational overhead?"), pasted whole, says nothing of its subject
FACT_REPEAT = 0.6  # a service's second and later facts in one result list
DERIVED = ("est", "er", "ly")  # suffixes tried when a word is found nowhere as typed


def _expand(word: str, vocab_of: Callable[[str], list[str]], fuzzy: bool = True) -> list[tuple[str, float]]:
    """Index words that stand for ``word``, each with how well it matches (0-1): itself, the
    words it is a prefix of, else its close typos (``vocab_of``: the words of a first letter,
    no more than TYPO_LENGTH letters longer or shorter)."""
    w = root(word)
    vocab = vocab_of(w)
    found: dict[str, float] = {}
    i = bisect.bisect_left(vocab, w)
    if i < len(vocab) and vocab[i] == w:
        found[w] = 1.0
    if len(w) >= 4:
        while i < len(vocab) and vocab[i].startswith(w):
            found.setdefault(vocab[i], PREFIX_FACTOR)
            i += 1
    if not found and fuzzy and (len(w) >= 4 or (len(word) >= 5 and word.startswith(w))):
        from awsref.similarity import extract_ratio

        # A root too short to compare ("mising" -> "mis") is compared as typed, against
        # the index's roots given the same ending ("miss" + "ing").
        typed, ending = (w, "") if len(w) >= 4 else (word, word[len(w) :])
        choices = [v + ending for v in vocab] if ending else vocab
        for _, score, i in extract_ratio(typed, choices, 3, FUZZY_CUTOFF):
            match = vocab[i]
            if ending and len(match) < len(w):
                continue  # "mi" + "ing" is not what "mising" meant
            if abs(len(match) + len(ending) - len(typed)) > TYPO_LENGTH:
                continue  # "puttraceannotations" is no typo of "putannotation"
            # People rarely mistype a word's first letter: "town" is not "own".
            if match[0] == w[0] and match not in FILLER and match not in QUESTION_WORDS:
                found[match] = PREFIX_FACTOR * score / 100.0
    return list(found.items())


def word_idf(count: int, df: int, curated: int, total: int) -> float:
    """A word's inverse document frequency: over the curated entries (``df`` of ``curated``
    have it; the quota catalogue's are not counted), or over all ``total`` entries when only
    catalogue quotas have it (``count`` of them)."""
    if df:
        return math.log(1.0 + (curated - df + 0.5) / (df + 0.5))
    return math.log(1.0 + (total - count + 0.5) / (count + 0.5))


class Subjects:
    """Each comparison's entry number -> its subjects' entry numbers, read from the packed
    ``search-comparisons`` (``index_search._comparison_subjects``): the numbers as one set, a
    comparison's subjects when asked. A mapping's ``keys``, ``in`` and ``[]``, nothing more."""

    __slots__ = ("_flat", "_numbers", "_set", "_starts")

    def __init__(self, blob: bytes) -> None:
        ints = array("I")
        ints.frombytes(blob)
        if sys.byteorder != "little":
            ints.byteswap()
        count = ints[0] if ints else 0
        self._numbers = ints[1 : 1 + count]
        self._starts = ints[1 + count : 2 + 2 * count]
        self._flat = ints[2 + 2 * count :]
        self._set = set(self._numbers.tolist())

    def keys(self) -> set[int]:
        return self._set

    def __iter__(self) -> Iterator[int]:
        return iter(self._set)

    def __contains__(self, n: object) -> bool:
        return n in self._set

    def __len__(self) -> int:
        return len(self._set)

    def __getitem__(self, n: int) -> list[int]:
        if n not in self._set:
            raise KeyError(n)
        i = bisect.bisect_left(self._numbers, n)
        return self._flat[self._starts[i] : self._starts[i + 1]].tolist()


class SearchIndex:
    """The ``search`` sections, read and decoded as a query needs them: postings to BM25F scores."""

    def __init__(self, kb: KnowledgeBase, fuzzy: bool) -> None:
        self.kb = kb
        section = kb.section("search")
        self.word_starts: dict[str, list[int]] = section["word_starts"]
        self.total: int = section["docs"] or 1
        # The entries numbered from here are the quota catalogue's: a word's idf counts the
        # curated entries only (unless only catalogue quotas have the word).
        self.curated: int = section.get("curated", self.total) or 1
        self.pair_buckets: int = section["pair_buckets"]
        self.fuzzy = fuzzy
        self.max_idf = math.log(1.0 + self.total)
        self.name_sizes: bytes = section["name_sizes"]
        self.general: set[int] = set(section.get("general", ()))
        self._scores: dict[str, tuple[dict[int, float], dict[int, float], float, set[int]]] = {}
        self._kinds: bytes | None = None
        self._comparisons: Subjects | None = None
        self._cards: list[int] | None = None
        self._services: dict[str, set[int]] = {}

    def vocab(self, word: str) -> list[str]:
        """The sorted index words that start with ``word``'s first letter."""
        return self.kb.section(f"search-vocab/{word[:1]}") or []

    def postings(self, word: str) -> bytes | None:
        """The packed postings of an index word, or None: from the bucket of its run of the
        sorted vocabulary (the words it is a prefix of are in the same run or the next)."""
        vocab = self.vocab(word)
        i = bisect.bisect_left(vocab, word)
        if i == len(vocab) or vocab[i] != word:
            return None
        k = bisect.bisect_right(self.word_starts[word[0]], i) - 1
        return self.kb.section(f"search-words/{word[0]}.{k}").get(word)

    def entries_of(self, sid: str) -> set[int]:
        """The entries of service ``sid`` (its card, facts, limits, terms, comparisons)."""
        found = self._services.get(sid)
        if found is None:
            ints = array("I")
            ints.frombytes(self.kb.section(f"search-by-service/{sid}") or b"")
            if sys.byteorder != "little":
                ints.byteswap()
            found = self._services[sid] = set(ints.tolist())
        return found

    def of_any(self, n: int, sids: Collection[str]) -> bool:
        """Whether entry ``n`` belongs to any of the services ``sids`` (their entry lists,
        not the owners' chunk of ``n``)."""
        return any(n in self.entries_of(sid) for sid in sids)

    def owner_counts(self) -> bytes:
        """One byte per entry: how many services it belongs to."""
        return self.kb.section("search-owner-counts") or b""

    def comparisons(self) -> Subjects:
        """Each comparison's entry number -> its subjects' (``Subjects``)."""
        if self._comparisons is None:
            self._comparisons = Subjects(self.kb.section("search-comparisons") or b"")
        return self._comparisons

    def kinds(self) -> bytes:
        """One byte per entry: 1 for a fact, 2 for a quota from the catalogue, 3 for a curated
        limit, else 0."""
        if self._kinds is None:
            self._kinds = self.kb.section("search-kinds")
        return self._kinds

    def is_fact(self, n: int) -> bool:
        return self.kinds()[n] == 1

    def card_before(self, n: int) -> int:
        """The service card numbered last before entry ``n``: a fact's own, since the index
        numbers each card's facts right after it (``index_search._entries``). One section for
        every fact, where their owners would take a chunk each."""
        if self._cards is None:
            self._cards = sorted((self.kb.section("search-cards") or {}).values())
        return self._cards[bisect.bisect_right(self._cards, n) - 1]

    def diverse(self, ranked: list[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` of ``ranked``, a service's second and later facts after the
        other entries that score within FACT_REPEAT of them: one card's facts do not fill the page."""
        seen: set[int] = set()
        out: list[tuple[int, float]] = []
        for n, s in ranked[: limit * 4]:
            if self.is_fact(n):
                owner = self.card_before(n)
                if owner in seen:
                    s *= FACT_REPEAT
                seen.add(owner)
            out.append((n, s))
        out.sort(key=lambda item: (-item[1], item[0]))
        return out[:limit]

    def scores(self, blob: bytes) -> tuple[dict[int, float], float, set[int]]:
        """BM25F score of each entry the postings (``index_search._posting``) name, as
        stored, the word's idf, and the entries that have it in their name."""
        if not blob:
            return {}, math.log(1.0 + (self.total + 0.5) / 0.5), set()
        ints = array("I")
        ints.frombytes(blob[:12])
        if sys.byteorder != "little":
            ints.byteswap()
        count, named, df = ints
        end = 12 + 4 * (count + named)
        ints = array("I")
        ints.frombytes(blob[12:end])
        floats = array("d")
        floats.frombytes(blob[end:])
        if sys.byteorder != "little":
            ints.byteswap()
            floats.byteswap()
        scores = dict(zip(ints[:count].tolist(), floats.tolist(), strict=True))
        return scores, word_idf(count, df, self.curated, self.total), set(ints[count:])

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
        if len(expanded) == 1 and expanded[0][1] == 1.0:  # the word as typed: nothing to merge
            scores, weight, in_name = self.scores(self.postings(expanded[0][0]) or b"")
            found = self._scores[word] = scores, dict.fromkeys(scores, 1.0), weight, in_name
            return found
        for term, quality in expanded:
            scores, idf, named = self.scores(self.postings(term) or b"")
            if quality == 1.0:
                in_name |= named
            weight = max(weight, idf)
            if not best:  # the first match: taken whole, nothing to compare with
                best = {n: s * quality for n, s in scores.items()}
                fit = dict.fromkeys(scores, quality)
                continue
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
