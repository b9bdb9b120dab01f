"""The resolver's view of the knowledge base: the ``lexicon`` sections, read bucket by bucket.

``index_lexicon`` says what each section holds. A query reads the buckets of the words it
has, the vocabulary of their first letters when one is a typo, and the chunks of the
entities that can still fit: never a table that grows with the whole knowledge base.
"""

from __future__ import annotations

from awsref.buckets import name_bucket
from awsref.text import root

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from awsref.resolve import Word


class Lexicon:
    """Entries' name words, postings and vocabulary, loaded as a query touches them."""

    def __init__(self, read: Callable[[str], Any]) -> None:
        self._read = read
        meta = read("lexicon")
        self.synonyms: dict[str, list[str]] = read("synonyms") or {}
        self.longest_phrase: int = meta["longest_phrase"]
        self.generic: frozenset[str] = frozenset(meta["generic"])
        self.spans: dict[str, list[int]] = meta["spans"]  # kind -> [first entity, end)
        self._meta = meta
        self._loaded: dict[str, Any] = {}

    def _section(self, name: str, default: Any) -> Any:
        found = self._loaded.get(name)
        if found is None:
            found = self._loaded[name] = self._read(name) or default
        return found

    def postings(self, word: str) -> list[int]:
        """The numbers of the entities whose names or context have ``word``."""
        bucket = name_bucket(word, self._meta["word_buckets"])
        return self._section(f"lexicon-words/{bucket}", {}).get(word, [])

    def known(self, word: str) -> bool:
        return bool(self.postings(word))

    def entity(self, n: int) -> list[Any]:
        """[kind, ref, [name tokens...], context tokens] of entity ``n``."""
        chunk = self._meta["entity_chunk"]
        return self._section(f"lexicon-entities/{n // chunk}", [])[n % chunk]

    def vocab(self, word: str) -> list[str]:
        """The sorted vocabulary words that start with ``word``'s first or second letter: every
        word ``correct`` may take it for (the first letter stays, or swaps with the second)."""
        found: list[str] = []
        for letter in dict.fromkeys(word[:2]):
            found += self._section(f"lexicon-vocab/{letter}", [])
        return sorted(found) if len(word) > 1 and word[0] != word[1] else found

    def kin(self, word: str) -> set[str]:
        """The vocabulary's words with ``word``'s search root (``text.root``): connected,
        connection, connect; deleted, deletion; none for a root under four letters."""
        from bisect import bisect_left

        r = root(word)
        if len(r) < 4:
            return set()
        vocab = self._section(f"lexicon-vocab/{r[0]}", [])
        found = set()
        for i in range(bisect_left(vocab, r), len(vocab)):
            if not vocab[i].startswith(r):
                break
            if root(vocab[i]) == r:
                found.add(vocab[i])
        return found

    def bigram(self, pair: str) -> bool:
        """Whether some name has the two words of ``pair`` in a row."""
        return bool(pair) and pair in self._section(f"lexicon-bigrams/{pair[0]}", frozenset())

    def service_vocab(self) -> list[str]:
        """The sorted words of services' names: what a service position is corrected against."""
        return self._section("lexicon-service-vocab", [])

    def scope(self, within: str) -> tuple[list[str], range | None]:
        """The sorted name words of the limits under ``within`` ("codebuild/"), and the span of
        their entity numbers (None when ``within`` is not a service's scope)."""
        sid, slash, rest = within.partition("/")
        if not slash or rest:
            end = max((span[1] for span in self.spans.values()), default=0)
            entities = (self.entity(n) for n in range(end))
            words = {w for _, ref, names, _ in entities if ref.startswith(within) for n in names for w in n}
            return sorted(w for w in words if len(w) >= 3), None
        found = self._read(f"scope:{sid}")
        if found is None:
            return [], range(0)
        return found["words"], range(*found["span"])

    def curated_span(self, within: str) -> range | None:
        """The entity numbers of a service's curated limits (``within`` is "codebuild/"), or
        None when ``within`` is not a service's scope."""
        sid, slash, rest = within.partition("/")
        if not slash or rest:
            return None
        found = self._read(f"scope:{sid}")
        if found is None:
            return range(0)
        start = found["span"][0]
        return range(start, found.get("curated", start))

    def service_keys(self) -> list[str]:
        """Services' one-word names and ids ("sqs", "dynamodb", "cfn"): what a typo in the
        service's place ("sqz", "dynamdb") is corrected against."""
        return self._section("lexicon-service-keys", [])

    def similar(self, target: str, kinds: tuple[str, ...], count: int) -> list[tuple[str, str]]:
        """(kind, ref) of the entries of ``kinds`` whose names look like the normalised ``target``
        (a miss's "did you mean"), best first, ties in the entries' order.

        A name is a candidate when one of its words is near one of the target's (``_near``),
        and it is kept when rapidfuzz's WRatio of the two scores 75 or more
        (``similarity.wratio``, without rapidfuzz's import, which costs more than the miss).
        """
        if not target:
            return []
        words = target.split()
        near = self._near(words)
        found: dict[int, tuple[str, str, str]] = {}
        for letter in sorted({w[0] for w in words}):
            for kind in kinds:
                for position, name, ref in self._section(f"suggest-{kind}/{letter}", []):
                    found[position] = (name, kind, ref)
        ordered = [found[p] for p in sorted(found) if not near.isdisjoint(found[p][0].split())]
        choices = [name for name, _, _ in ordered]
        owners = [(kind, ref) for _, kind, ref in ordered]
        from awsref.similarity import extract_wratio

        # Each distinct name is scored once (many limits share one: "Maximum message size"),
        # then ranked by score, then by position.
        scored = extract_wratio(target, choices, 75)
        ranked = sorted((-scored[c], i) for i, c in enumerate(choices) if c in scored)[: count * 8]
        out: list[tuple[str, str]] = []
        for _, i in ranked:
            choice = choices[i]
            if owners[i] not in out and _resembles(choice, target, words):
                out.append(owners[i])
            if len(out) == count:
                break
        return out

    def _near(self, words: list[str]) -> set[str]:
        """The name words a did-you-mean may start from: for each of ``words`` and each two of
        them run together ("dynamo db"), the name words with its first letter that are it, begin
        with it or it with them (three letters on), or score 75 or more on ``fuzz.ratio``
        with it; and in a long run-together word ("dyanmodbrecord"), the name words inside it."""
        from awsref.similarity import extract_ratio

        near: set[str] = set()
        for term in [*words, *(words[i] + words[i + 1] for i in range(len(words) - 1))]:
            vocab = self._section(f"lexicon-vocab/{term[0]}", [])
            near.update(
                v for v in vocab if min(len(v), len(term)) >= 3 and (v.startswith(term) or term.startswith(v))
            )
            near.update(v for v, _, _ in extract_ratio(term, vocab, len(vocab), 75))
            if term in vocab or len(term) < 10:
                continue
            for letter in set(term):
                near.update(
                    v for v in self._section(f"lexicon-vocab/{letter}", []) if len(v) >= 4 and v in term
                )
        return near

    def is_generic(self, word: Word) -> bool:
        """Used in so many names that its absence cannot rule an entry out."""
        return any(f in self.generic for f in word.forms)


def _resembles(choice: str, target: str, words: list[str]) -> bool:
    """WRatio scores a short name found anywhere inside a long query highly ("bbe" in
    "flibbertigibbet", "q" in "qwerty"); a name under half the query's length counts only
    when each of its words is a word of the query, or (from 4 letters) begins one."""
    if 2 * len(choice) >= len(target):
        return True
    return all(any(w == t or (len(w) >= 4 and t.startswith(w)) for t in words) for w in choice.split())
