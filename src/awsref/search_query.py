"""A search query as groups of words: each meaningful word with the words that may stand for it."""

from __future__ import annotations

from itertools import pairwise

from awsref.text import (
    FILLER,
    HOW_MUCH,
    NUMBER_WORDS,
    STOPWORDS,
    SYNONYMS,
    camel_words,
    normalize,
    without_possessive,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.kb import KnowledgeBase

SYNONYM_FACTOR = 0.9
TIME_UNITS = frozenset(
    """second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks
    month months""".split()
)
CAMEL_GENERIC = frozenset({"exception", "error", "fault"})


def _is_email(word: str) -> bool:
    """``noreply@example.com``: a sender's or user's address, not words to match."""
    local, at, domain = word.strip(".,;:()<>\"'").partition("@")
    return bool(local and at and "." in domain.strip(".") and " " not in domain)


# The last label of a host name people put in a question ("api.example.com"): a custom domain.
HOST_ENDINGS = frozenset("com net org io dev co uk de fr jp in au ca eu info biz us edu gov".split())
AWS_HOSTS = ("amazonaws.com", "amazon.com", "cloudfront.net", "awsapps.com", "on.aws", "aws.dev")
NOT_HOSTS = frozenset({"asp.net", "ado.net", "vb.net", "socket.io"})  # frameworks, not domains


def _is_host(word: str) -> bool:
    """``api.example.com``: a domain name of one's own, not words to match (not AWS's own
    endpoints, whose names are their services')."""
    host = word.strip(".,;:()<>\"'").lower()
    labels = host.split(".")
    return (
        len(labels) >= 2
        and labels[-1] in HOST_ENDINGS
        and all(label and label.replace("-", "").isalnum() for label in labels)
        and not host.endswith(AWS_HOSTS)
        and host not in NOT_HOSTS
    )


def query_groups(query: str, synonyms: dict[str, list[str]]) -> list[tuple[str, list[tuple[str, float]]]]:
    """The query's meaningful words, each with the words that may stand for it.

    An email address reads as "email address", a host name of one's own (api.example.com)
    as "custom domain". Multi-word synonyms are read first ("how long" -> timeout, duration, retention), a
    phrase of content words also as itself ("https endpoint": function URL, or those two
    words where an entry has both). A number between "every" and a unit of time is
    dropped and the unit made singular ("every 15 minutes" is "every minute", a schedule
    in the synonym table).
    """
    query = " ".join(
        "email address" if _is_email(w) else "custom domain" if _is_host(w) else w for w in query.split()
    )
    typed = [part for w in normalize(without_possessive(query)).split() for part in _number_and_unit(w)]
    for i in range(len(typed) - 2, 0, -1):
        if typed[i - 1] == "every" and typed[i].isdigit() and typed[i + 1] in TIME_UNITS:
            del typed[i]
    typed = [
        w[:-1] if w in TIME_UNITS and w.endswith("s") and i and typed[i - 1] == "every" else w
        for i, w in enumerate(typed)
    ]
    raw = [SYNONYMS.get(w, w) for w in typed]
    camel = camel_phrases(query)
    longest = max((len(p.split()) for p in synonyms), default=1)
    groups: list[tuple[str, list[tuple[str, float]]]] = []
    i = 0
    while i < len(raw):
        if _region_code(typed[i : i + 3]):  # "eu-west-1": a question about Regions
            code = " ".join(typed[i : i + 3])
            groups.append((code, [(code, 1.0), ("region", SYNONYM_FACTOR), ("us east 1", SYNONYM_FACTOR)]))
            i += 3
            continue
        for size in range(min(longest, len(raw) - i), 0, -1):
            phrase = " ".join(raw[i : i + size])
            if phrase not in synonyms:
                phrase = " ".join(typed[i : i + size])  # "one message to many", before one -> 1
            if phrase in synonyms:
                alternatives = [(m, SYNONYM_FACTOR) for m in synonyms[phrase] if m not in FILLER]
                if size == 1 and raw[i] not in FILLER:
                    alternatives.insert(0, (raw[i], 1.0))
                elif size > 1 and not any(w in FILLER or w in STOPWORDS for w in phrase.split()):
                    alternatives.insert(0, (phrase, 1.0))  # "https endpoint" is also its own words
                if alternatives:
                    groups.append((phrase, alternatives))
                i += size
                break
        else:
            w = raw[i]
            i += 1
            if w in camel:  # ThrottlingException: the name, or its words
                groups.append((w, [(w, 1.0), (camel[w], SYNONYM_FACTOR)]))
            elif w not in STOPWORDS:
                groups.append((w, [(w, 1.0)]))
    return groups


REGION_AREAS = frozenset("us eu ap sa ca me af il mx cn".split())


def _region_code(words: list[str]) -> bool:
    """Whether three words are a Region's code as normalised ("eu west 1"). us-east-1 is
    an alternative of any: global resources (Lambda@Edge, CloudFront certificates) live there."""
    return (
        len(words) == 3
        and words[0] in REGION_AREAS
        and words[1].isalpha()
        and len(words[1]) > 3
        and words[2].isdigit()
    )


def _number_and_unit(word: str) -> list[str]:
    """ "4kb" as "4", "kb"; "15min" as "15", "min": a quantity typed without its space."""
    digits = len(word) - len(word.lstrip("0123456789"))
    if 0 < digits < len(word) and word[digits:].isalpha():
        return [word[:digits], word[digits:]]
    return [word]


def camel_phrases(query: str) -> dict[str, str]:
    """Each CamelCase word of the query (lower-cased) and its meaningful words as a phrase:
    ProvisionedThroughputExceededException -> "provisioned throughput exceeded"."""
    out: dict[str, str] = {}
    for token in query.split():
        parts = [p.casefold() for p in camel_words(token)]
        words = [p for p in parts if p not in CAMEL_GENERIC and p not in FILLER]
        if len(parts) > 1 and words:
            out["".join(parts)] = " ".join(words)
    return out


def title_runs(query: str) -> list[list[str]]:
    """Runs of two or more capitalised words not at a sentence's start, as typed: the names a
    pasted question gives products and features ("Amazon CloudWatch Log Lens", "Token
    Vault"). An all-capitals word (an acronym: SQS, PII) or a CamelCase one (PutItem) breaks a run."""
    raw = query.split()
    runs: list[list[str]] = []
    run: list[str] = []
    for i, typed in enumerate(raw):
        word = typed.strip(".,;:?!()\"'")
        initial = i == 0 or raw[i - 1][-1:] in ".?!:"
        # Capitalised words ("Token", "Auto-Split", "X-Ray"), not CamelCase API names
        # (PutItem, OneAtATime) nor acronyms (SQS).
        titled = bool(word) and all(
            (part[:1].isupper() and part[1:].islower()) or len(part) == 1 for part in word.split("-")
        )
        if titled and word[0].isupper() and not word.isupper() and not initial:
            run.append(word)
            if typed[-1:] not in ".,;:?!)":
                continue
        if len(run) >= 2:
            runs.append(run)
        run = []
    if len(run) >= 2:
        runs.append(run)
    return runs


FEATURE_KINDS = frozenset({"mode", "setting", "feature", "view", "threshold", "option", "action", "command"})
PUNCTUATION = ".,;:!?()\"'"
CLAUSE_MARKS = ",;:!?()"  # ... and a full stop before a space or the end (not "appspec.yml")
# Spelled-out amounts: they count ("several hundred thousand events") or set a bound ("older
# than one hour"), and name nothing.
AMOUNTS = frozenset(
    "one two three four five six seven eight nine ten dozen half hundred hundreds thousand thousands "
    "million millions billion billions several multiple".split()
)
# Words that describe or count rather than name: "a custom environment option", "several
# hundred thousand player action events", "wants every feature branch" name no feature.
NOT_NAMING = (
    FILLER
    | AMOUNTS
    | frozenset(
        "custom new existing separate additional extra different specific particular certain same single "
        "special dedicated appropriate proper correct right suitable simple whole entire "
        "every all both either neither no another its whose".split()
    )
)
COMPARATIVE = frozenset({"vs", "versus", "difference", "differences", "compare", "comparison"})
# "than" compares in a typed query ("query more efficient than scan"), not before an amount
# ("larger than 4 KB", "older than one hour"), after "other" or "rather", nor in a pasted one.
BOUNDS = AMOUNTS | {"expected", "other", "rather"}
PASTED = 12  # a question of this many words or more was pasted, an exam question's stem


def _slots(*slots: str) -> tuple[tuple[frozenset[str], bool], ...]:
    """A frame phrase: each slot's words ("?" first: the slot may be left out)."""
    return tuple((frozenset(slot.lstrip("?").split()), slot.startswith("?")) for slot in slots)


# Practice exams' own frame around a question, in no way its subject: "(Select TWO.)",
# "which of the following options", "will allow the developer to accomplish this task".
FRAMES = (
    _slots("select choose", "two three 2 3"),
    _slots("of", "the these", "?following", "?options choices statements answers actions"),
    _slots("will would", "allow enable help", "the a an", "developer developers team company", "to"),
    _slots("most", "cost-effective cost-efficient"),
    _slots("most", "cost", "effective efficient"),
    _slots(
        "accomplish achieve fulfil fulfill complete",
        "this these the",
        "task tasks goal goals requirement requirements",
    ),
)


def _frame_length(words: list[str], start: int) -> int:
    """How many words from ``start`` a frame phrase takes ("of the following" only after "which")."""
    for frame in FRAMES:
        i = start
        for choices, optional in frame:
            if i < len(words) and words[i] in choices:
                i += 1
            elif not optional:
                break
        else:
            if frame is not FRAMES[1] or (start and words[start - 1] == "which"):
                return i - start
    return 0


def without_frame(query: str) -> str:
    """A pasted question (PASTED words or more) without a practice exam's frame phrases."""
    typed = query.split()
    if len(typed) < PASTED:
        return query
    words = [w.strip(PUNCTUATION).casefold() for w in typed]
    kept: list[str] = []
    i = 0
    while i < len(typed):
        skip = _frame_length(words, i)
        if skip:
            # The phrase's last word keeps its sentence's end ("(Select TWO.)": ".").
            end = typed[i + skip - 1][len(typed[i + skip - 1].rstrip(".?!)")) :].replace(")", "")
            if end and kept and kept[-1][-1:] not in ".?!":
                kept[-1] += end
            i += skip
        else:
            kept.append(typed[i])
            i += 1
    return " ".join(kept)


def _clauses(text: str) -> list[str]:
    """``text`` cut at the marks that end a clause (``CLAUSE_MARKS``, a full stop)."""
    out, start = [], 0
    for i, char in enumerate(text):
        if char in CLAUSE_MARKS or (char == "." and text[i + 1 : i + 2] in ("", " ")):
            out.append(text[start:i])
            start = i + 1
    return [*out, text[start:]]


TYPED_KINDS = frozenset({"mode", "setting"})  # in a typed query, "action", "view"... are words


def feature_names(query: str) -> list[list[str]]:
    """The two words before "mode", "setting", "command"... (the name a question gives a
    feature: "the stage's shadow traffic mode", "the sam local replay command"), in one
    clause, when neither is filler nor a word that describes or counts (``NOT_NAMING``, a
    superlative: "cheapest memory setting"). In a typed query, before "mode" and "setting" only
    ("lambda hibernate mode"; "effect action resource" lists a policy's elements)."""
    text = without_possessive(query)
    kinds = FEATURE_KINDS if len(normalize(text).split()) >= PASTED else TYPED_KINDS
    found = []
    for clause in _clauses(text):  # "timeout, tracing setting" names nothing
        words = normalize(clause).split()
        found += [
            words[i - 2 : i]
            for i, word in enumerate(words)
            if word in kinds and i >= 2 and not any(_describes(w) for w in words[i - 2 : i])
        ]
    return found


SUPERLATIVES = frozenset(
    "cheapest fastest lowest highest best largest smallest biggest simplest easiest quickest "
    "shortest longest safest newest oldest latest".split()
)


def _describes(word: str) -> bool:
    """Whether a word describes or counts rather than names (``NOT_NAMING``, "cheapest")."""
    return word in NOT_NAMING or word in SUPERLATIVES


def uncovered_named(kb: KnowledgeBase, query: str) -> dict[str, str]:
    """The phrases of ``query`` that name a product awsref does not cover, with its name."""
    phrases: dict[str, str] = kb.section("uncovered") or {}
    words = normalize(without_possessive(query)).split()
    found: dict[str, str] = {}
    for size in range(max((p.count(" ") + 1 for p in phrases), default=0), 0, -1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if phrase in phrases and not any(phrase in longer for longer in found):
                found[phrase] = phrases[phrase]
    return found


# Text written to a chat assistant: it is told to drop what it was told ("ignore all previous
# instructions"), or asked for its system prompt. Nothing of AWS is asked.
DROP = frozenset({"ignore", "disregard", "forget"})
TOLD = frozenset({"instruction", "instructions", "prompt", "prompts", "guidelines"})


def to_an_assistant(query: str) -> bool:
    """Whether ``query`` speaks to a chat assistant rather than asking about AWS: a word that
    drops (``DROP``) followed within four words by what it was told (``TOLD``), or the words
    "system prompt"."""
    words = normalize(query).split()
    if ("system", "prompt") in pairwise(words):
        return True
    return any(word in DROP and TOLD.intersection(words[i + 1 : i + 5]) for i, word in enumerate(words))


def pasted(query: str) -> list[str]:
    """The words of a pasted exam question (PASTED words or more, written in sentences:
    capitalised or asking with "?"), else none."""
    typed = query.split()
    return typed if len(typed) >= PASTED and (query[:1].isupper() or "?" in query) else []


def _sentence_ends(typed: list[str]) -> list[int]:
    """Where the sentences of ``typed`` end, but the last."""
    return [i for i, w in enumerate(typed[:-1]) if w[-1:] in ".?!"]


def plain_word(query: str, word: str) -> bool:
    """Whether a pasted exam question (PASTED words or more, in sentences: capitalised or
    asking with "?") types ``word`` in lower case: an ordinary word of its scenario
    ("passport", "modest") or a number ("95 percent"), not a name ("Keycloak", "TeamCity")."""
    typed = (w.strip(PUNCTUATION) for w in pasted(query))
    return any(w == word and w == w.lower() for w in typed)


def asking_sentence(query: str) -> str:
    """The last sentence of a question of two sentences or more (the one that asks: its
    words are the question's subject), else nothing."""
    typed = query.split()
    ends = _sentence_ends(typed)
    return " ".join(typed[ends[-1] + 1 :]) if ends else ""


def passing_name(query: str, word: str) -> bool:
    """Whether a pasted question of two sentences or more names ``word`` once, capitalised, in
    its setting and not in the sentence that asks: a tool mentioned in passing ("uses Jira
    for tracking work"), not the subject of the question."""
    typed = pasted(query)
    ends = _sentence_ends(typed)
    if not ends:
        return False
    # A part of a path counts ("the Europe/Berlin time zone"): a name, as typed.
    hits = [(i, part) for i, w in enumerate(typed) for part in _parts(w) if part.casefold() == word]
    return len(hits) == 1 and hits[0][0] <= ends[-1] and hits[0][1][:1].isupper()


def _parts(typed: str) -> list[str]:
    """A typed word without its punctuation, cut at slashes ("Europe/Berlin", "/app/prod")."""
    return typed.strip(PUNCTUATION).replace("/", " ").split()


def asks_a_number(typed: list[str]) -> bool:
    """Whether a query (its normalised words) asks for a number: "max", "how many", "how
    long"... ("how many buckets can i create" asks for a limit; "limit exceeded" does not)."""
    return bool(NUMBER_WORDS.intersection(typed)) or any(
        a == "how" and b in HOW_MUCH for a, b in pairwise(typed)
    )


def compares(typed: list[str]) -> bool:
    """Whether a query (its normalised words) compares things: "vs", "difference", "X
    cheaper than Y" typed (``BOUNDS``)."""
    if COMPARATIVE.intersection(typed):
        return True
    if "than" not in typed or len(typed) >= PASTED:
        return False
    i = typed.index("than")
    around = {typed[i - 1] if i else "", typed[i + 1] if i + 1 < len(typed) else ""}
    return not BOUNDS & around and not any(word[:1].isdigit() for word in around)
