"""When search says nothing: the best entry is too weak an answer, or the service the query
calls by name is left unanswered (``search`` asks, after ranking)."""

from __future__ import annotations

from awsref.search_query import plain_word
from awsref.text import key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.kb import KnowledgeBase
    from awsref.search_index import SearchIndex
    from awsref.search_tally import Tally

WEAK_COVERAGE = 0.45  # the best entry must cover at least this share of the query's weight
LONG_FROM, LONG_STEP, LONG_FLOOR = 6, 0.02, 0.30  # ... less for a long question (coverage_bar)
UNMATCHED_COVERAGE = 0.8  # ... and this much when a word names a product awsref does not cover
UNSEEN_COVERAGE = 0.7  # ... or this much when it names nothing known: a student's word ("oops")
CLEAR_LEAD = 2.0  # ... unless it is one such word and the best entry scores this many times the next
RARE_SHARE = 0.005  # a word in at most this share of the entries is what a question is about
# Services that watch every other one: their entries answer a question about any service.
OBSERVING = frozenset({"cloudtrail", "cloudwatch", "cloudwatch-logs", "config", "xray"})
SHORT = 8  # a query of fewer content words than this is typed, not a pasted scenario


def asked(n: int, name_hits: dict[int, int], index: SearchIndex, least: int = 1) -> bool:
    """Whether the query has every word of entry ``n``'s own name (of at least ``least`` words)."""
    return name_hits.get(n, 0) >= index.name_sizes[n] >= least


def coverage_bar(words: int) -> float:
    """The share of a question's weight its best entry must cover: less for each word past
    LONG_FROM, down to LONG_FLOOR (a question in full sentences says more than an entry)."""
    return max(LONG_FLOOR, WEAK_COVERAGE - LONG_STEP * max(0, words - LONG_FROM))


def weak(
    t: Tally, ranked: list[tuple[int, float]], asked_comparisons: set[int], index: SearchIndex, query: str
) -> bool:
    """Whether the best entry covers too little of the query to be an answer."""
    first = ranked[0][0]
    coverage, common = t.coverage(first), t.common(first)
    weak = coverage < coverage_bar(t.wanted) or (common and t.matched(first) < t.wanted)
    # One student's word found nowhere ("passport") does not sink an entry that clearly leads.
    clear = len(ranked) > 1 and ranked[0][1] >= CLEAR_LEAD * ranked[1][1]
    forgiven = t.unmatched == 1 and not t.foreign and (clear or plain_word(query, t.unseen[0]))
    bar = UNMATCHED_COVERAGE if t.foreign else UNSEEN_COVERAGE
    unseen = bool(t.unmatched) and not forgiven and coverage < bar
    # A short query is answered by an entry's name only when the name is at least half of it:
    # "xray replay traces against new version" does not ask for the X-Ray card.
    half = t.wanted >= SHORT or 2 * t.name_hits.get(first, 0) >= t.wanted
    named = half and asked(first, t.name_hits, index)
    return first not in asked_comparisons and (unseen or (weak and not named))


def unanswered(
    kb: KnowledgeBase,
    t: Tally,
    index: SearchIndex,
    named: set[str],
    own_words: set[str],
    first: int,
    best: list[tuple[int, float]],
) -> bool:
    """Whether a service called by its name (in words of its own, not inside a synonym's
    phrase: "trigger lambda") is left unanswered: no entry of the top three is its or mentions
    it ("sqs spot instance pricing"), or the question asks it what only another has: ``first``
    is the best entry, ``best`` the ranking before facts are spread out."""
    if not any(own_words & set(key(f"{sid} {kb.label(sid)}").split()) for sid in named):
        return False
    if not any(index.of_any(n, named) or n in t.mentions for n, _ in best[:3]):
        return True
    return _elsewhere(t, index, named, first)


def _elsewhere(t: Tally, index: SearchIndex, named: set[str], first: int) -> bool:
    """Whether the question's rarest word is in no entry of the services it calls by name
    (nor one that mentions them), and the best entry is another service's, not one that
    watches every service (``OBSERVING``): it asks the named service for what only another
    has."""

    def theirs(n: int) -> bool:
        return n in t.mentions or index.of_any(n, named)

    rare = [docs for docs in t.found if len(docs) <= RARE_SHARE * index.curated]
    if not rare or theirs(first):
        return False
    if index.of_any(first, OBSERVING):
        return False  # "who terminated the ec2 instance": CloudTrail answers for every service
    return not any(theirs(n) for n in min(rare, key=len))
