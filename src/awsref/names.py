"""What the user's words name: ``resolve``'s matches made honest, and the services a run of
words names. Pure: words in, an entry (or None, or a NotFound with suggestions) out.

``resolve`` ranks candidates over the lexicon; this module refuses a match that drops a
word the entry never speaks of, and knows the shapes of a query ("SERVICE WORDS...").
"""

from __future__ import annotations

from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.shape import entry_ref, ref_hint
from awsref.text import FILLER, QUESTION_VERBS, key, normalize, printable, root, tokens

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from awsref.answer import Quality, Ref, Resolution

# ``resolve`` (the resolver, with its tables) is imported where a match needs it: a limit
# named by its exact words never loads it.


def query_text(words: list[str]) -> str:
    text = " ".join(w.strip() for w in words).strip()
    if not text:
        raise UsageError("the query is empty")
    return text


def meaningful(text: str) -> bool:
    return any(w not in FILLER for w in normalize(text).split())


def not_found(kb: KnowledgeBase, message: str, refs: list[Ref], query: str) -> NotFound:
    """A miss, with its suggestions and ``awsref search`` to try next when search finds something.
    A product awsref does not cover ("aws batch") is said to be one, without suggestions: the
    entries that share a word with it ("SQS messages per batch request") are not what was meant."""
    from awsref.search import search as run_search
    from awsref.search_query import uncovered_named

    products = sorted(set(uncovered_named(kb, query).values()))
    if products:
        return NotFound(f"{message}: awsref does not cover {' or '.join(products)}")
    try_next = f"awsref search {query}" if run_search(kb, query, 1) else ""
    return NotFound(message, hints=[ref_hint(r) for r in refs], try_next=try_next)


def suggestions(kb: KnowledgeBase, text: str, kinds: tuple[str, ...], count: int = 3) -> list[Ref]:
    from awsref.resolve import suggest

    return [entry_ref(kb, k, r) for k, r in suggest(text, kb.lexicon(), kinds, count)]


def resolve_honestly(
    kb: KnowledgeBase, text: str, kinds: tuple[str, ...], **options: bool | str
) -> Resolution | None:
    """``resolve.resolve``, honest: a word the entry's names lack must be in its own text or
    its service's card (the service is the question's context).

    "limit sqs max subscribers per queue" names the queue-name length but for
    "subscribers", which nothing about SQS mentions: unknown, not an answer with the word
    dropped. "lambda how many layers can I attach" keeps the layers limit: Lambda's card
    speaks of attaching.
    """
    from awsref.resolve import resolve

    res = resolve(text, kb.lexicon(), kinds, **options)  # type: ignore[arg-type]
    if res is not None and res.kind in ("service", "term") and not _named_whole(kb, res, text):
        return None  # "amazon connect" is not ECS Service Connect
    if res is None or not res.ignored:
        return res
    from awsref.search import widespread

    have = {root(w) for w in tokens(_entry_text(kb, res.kind, res.ref))}
    card: set[str] = set()
    subjects: set[str] = set()  # ... and those that name one of its facts or limits
    for sid in _services_of(kb, res.kind, res.ref):  # the words its service's card uses
        card.update(root(w) for w in tokens(_card_text(kb, sid)))
        subjects.update(root(w) for w in tokens(_card_subjects(kb, sid)))
    synonyms = kb.lexicon().synonyms
    for word in res.ignored:  # a word, or one of the meanings the synonym table gives it
        if normalize(word) in QUESTION_VERBS:
            continue
        means = [word, *synonyms.get(" ".join(normalize(word).split()), [])]
        if any(all(_mentions(have, root(w)) for w in tokens(m)) for m in means):
            continue
        # The card's word, when it is of the domain's everyday language ("attach", "trace"),
        # not a subject of its own ("joins": DynamoDB's card says it has none; "password":
        # IAM's card has a fact on the password policy, and no role has a password).
        if not all(root(w) in card - subjects and widespread(kb, w) for w in tokens(word)):
            return None
    return res


def _named_whole(kb: KnowledgeBase, res: Resolution, text: str) -> bool:
    """A product named with "aws" or "amazon" must be one of the entry's names whole, its
    filler words too ("amazon connect" does not name "Service Connect")."""
    typed = normalize(text).split()
    if not any(w in ("aws", "amazon") for w in typed):
        return True
    entry = kb.service(res.ref) if res.kind == "service" else kb.term(res.ref)
    if entry is None:
        return True
    names = [
        res.ref,
        entry.get("name", ""),
        entry.get("full_name", ""),
        entry.get("term", ""),
        *entry["aliases"],
    ]
    words = set(tokens(text))
    return any(n and set(tokens(n)) <= words for n in names)


def _services_of(kb: KnowledgeBase, kind: str, ref: str) -> list[str]:
    if kind == "limit":
        return [ref.partition("/")[0]]
    if kind == "service":
        return [ref]
    entry = kb.term(ref) if kind == "term" else kb.comparison(ref)
    return list((entry or {}).get("services", []))


def _card_text(kb: KnowledgeBase, sid: str) -> str:
    """What a service's card says: summary, facts and its limits' names."""
    card = kb.service(sid) or {}
    facts = [f"{f['topic']} {f['text']}" for f in card.get("facts", [])]
    limits = [f"{lim['name']} {lim['scope']}" for lim in card.get("limits", [])]
    return " ".join([card.get("summary", ""), *facts, *limits])


def _card_subjects(kb: KnowledgeBase, sid: str) -> str:
    """What a service's card is about: its facts' topics and its limits' names."""
    card = kb.service(sid) or {}
    topics = [f["topic"] for f in card.get("facts", [])]
    return " ".join([*topics, *(lim["name"] for lim in card.get("limits", []))])


def _mentions(have: set[str], word: str) -> bool:
    """Whether the entry's words contain ``word``, or one it begins (pol: polling, store: storage).
    A bare number ("in one template") is part of the question, not of a name."""
    return word.isdigit() or word in have or (len(word) >= 3 and any(h.startswith(word) for h in have))


UNIT_WORDS = {
    "seconds": "time duration long wait period",
    "bytes": "size big large space payload data",
    "count": "number many count",
    "characters": "length long size characters",
    "requests-per-second": "rate throughput requests",
    "operations-per-second": "rate throughput operations",
    "bytes-per-second": "rate throughput bandwidth",
}


def _entry_text(kb: KnowledgeBase, kind: str, ref: str) -> str:
    """Everything an entry says of itself: names, aliases, values, definition, rows."""
    if kind == "limit":
        sid, _, lid = ref.partition("/")
        service = kb.service(sid)
        lim = next((x for x in service["limits"] if x["id"] == lid), None) if service else None
        if service is None or lim is None:
            return ""
        fields = [
            service["name"],
            service["full_name"],
            lim["name"],
            *lim["aliases"],
            lim["display"],
            lim["scope"],
        ]
        fields.append(UNIT_WORDS.get(lim["unit"], ""))
        return " ".join([*fields, lim.get("change") or "", *lim.get("questions", [])])
    if kind == "term":
        t = kb.term(ref) or {}
        return " ".join(
            [t.get("term", ""), *t.get("aliases", []), t.get("definition", ""), *t.get("questions", [])]
        )
    if kind == "comparison":
        c = kb.comparison(ref) or {}
        rows = [f"{r['aspect']} {' '.join(r['values'])}" for r in c.get("rows", [])]
        return " ".join([c.get("title", ""), *c.get("aliases", []), *rows, c.get("choose", "")])
    s = kb.service(ref) or {}
    return " ".join([s.get("name", ""), s.get("full_name", ""), *s.get("aliases", []), s.get("summary", "")])


def exact_entity(kb: KnowledgeBase, text: str) -> Resolution | None:
    """A service or term named exactly (id, name or alias, spaces optional)."""
    from awsref.answer import Resolution

    k = key(text)
    hit = kb.name(k) or kb.name(k.replace(" ", ""))
    if hit:
        return Resolution(hit[0], hit[1], "exact", 2.0, [], [])
    cid = kb.section("comparison-names").get(k)
    if cid:
        return Resolution("comparison", cid, "exact", 2.0, [], [])
    return None


def resolve_any(kb: KnowledgeBase, text: str, kinds: tuple[str, ...]) -> Resolution | None:
    exact = exact_entity(kb, text)
    if exact is not None and exact.kind in kinds:
        return exact
    return resolve_honestly(kb, text, kinds, short_ok=True)


def split_service(kb: KnowledgeBase, parts: list[str]) -> tuple[str, Quality, list[str], list[str]] | None:
    """(service id, quality, remaining words, notes) when the query starts with a service.

    The longest leading run of words that names a service exactly wins ("simple queue
    service message size"); failing that, a leading word that is a confident typo of a
    service's name ("dynamdb", "lamda", "sqz"). Never a partial or loose match: "message
    size" must not be read as SQS just because SQS is a message queue.
    """
    for n in range(min(len(parts), 4), 0, -1):
        k = key(" ".join(parts[:n]))
        if n > 1 and k == key(" ".join(parts[: n - 1])):
            continue  # the run's last word adds nothing ("sqs how"): leave it to the limit
        hit = kb.name(k) or (kb.name(k.replace(" ", "")) if " " in k else None)
        if hit and hit[0] == "service":
            return hit[1], "exact", parts[n:], []
    from awsref.typos import correct

    lex = kb.lexicon()
    first = normalize(parts[0])
    if first and first not in FILLER and not lex.known(first):
        fixed = correct(first.replace(" ", ""), lex.service_keys(), short_ok=True)
        if fixed:
            hit = kb.name(fixed)
            if hit and hit[0] == "service":
                note = f"{printable(parts[0])!r} read as {kb.label(hit[1])}"
                return hit[1], "fuzzy", parts[1:], [note]
    return None


def near_services(kb: KnowledgeBase, word: str) -> list[Ref]:
    """Services whose one-word name is one edit from ``word`` ("sqz": SQS), for "did you mean"."""
    from awsref.similarity import osa_within

    typed = word.replace(" ", "")
    keys = kb.lexicon().service_keys()
    distances = [(d, i) for i, k in enumerate(keys) if (d := osa_within(typed, k, 1)) is not None]
    refs: list[Ref] = []
    for _, i in sorted(distances)[:3]:
        key_ = keys[i]
        hit = kb.name(key_)
        if hit and hit[0] == "service" and all(r["id"] != hit[1] for r in refs):
            refs.append(entry_ref(kb, "service", hit[1]))
    return refs


def services_named(kb: KnowledgeBase, words: list[str]) -> list[str]:
    """The service ids that ``words`` name, in order (``quiz sqs simple notification service``).

    Each service is the longest run of words naming one exactly, or a confident typo of
    one; anything else is a NotFound naming the words that are not a service.
    """
    parts = [p for w in words for p in w.split()]
    found: list[str] = []
    while parts:
        split = split_service(kb, parts)
        if split is None:
            refs = suggestions(kb, parts[0], ("service",))
            raise not_found(kb, f"{printable(parts[0])!r} is not a service awsref knows", refs, parts[0])
        sid, _, parts, _ = split
        if sid not in found:
            found.append(sid)
    return found
