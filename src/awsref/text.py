"""Text normalisation shared by matching, search and completion.

Kept free of heavy imports (no ``re``): it runs on every start-up path.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

_SEPARATORS = "-_/.,:;()[]{}'\"`!?*+=|\\<>&@#$%^~"
_FOLD = str.maketrans({c: " " for c in _SEPARATORS})

_JOINERS = " \u200c\u200d"  # space and the zero-width (non-)joiners inside emoji/scripts

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "many",
        "much",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "when",
        "which",
        "with",
    ]
)
# Words that carry no meaning for lookups of a specific entity ("aws sqs", "amazon s3").
NOISE = frozenset({"aws", "amazon"})
# Words that never carry a match on their own: question words, politeness, and the
# words every limit question has ("max", "number of", "allowed") or every unit.
# Verbs and words of a question that a name may use ("get rate", "map run", "all at once") but
# that, when an entry's names do not use them, need not be in its text either ("how many
# buckets can I create", "biggest message I can send").
QUESTION_VERBS = frozenset(
    """get gets getting got take takes taking make makes making create creates creating created
    send sends sending sent run runs running put puts return all out directly set handle handles
    support supports allow allows launch""".split()
)
UNIT_WORDS = frozenset(
    """b byte bytes kb kib mb mib gb gib tb tib ms millisecond milliseconds sec second
    seconds mins minute minutes hour hours hr hrs day days week weeks am pm""".split()
)
FILLER = (
    STOPWORDS
    | NOISE
    | UNIT_WORDS
    | frozenset(
        """about actual again allowed also amount any count counts aws be been biggest brief can
    cap could current currently default define definition describe did does
    each exactly explain find give go have has help highest hold i info
    information largest let like limit limits many max maximum me mean
    meaning means most much my need number numbers of per permitted please possible
    quota quotas should show so some supported tell that the their them
    there these they this those total upper us use using value values vs versus
    want was we whats what's where why who will would you your
    service services
    work works working goes going happen happens keep kept stay stays lasts stored storing
    returns returned gone able compare comparison difference differences between
    than more less better worse last before after yaml yml""".split()
    )
)
SYNONYMS = {
    "max": "maximum",
    "min": "minimum",
    "msg": "message",
    "msgs": "messages",
    "secs": "seconds",
    **{w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten".split())},
}


def normalize(text: str) -> str:
    """Lower-case, turn punctuation into spaces and collapse whitespace."""
    return " ".join(text.casefold().translate(_FOLD).split())


def without_possessive(text: str) -> str:
    """``text`` without the 's of a contraction or possessive ("what's", "lambda's"), which
    folding would leave as a stray letter s."""
    return text.replace("'s", " ").replace("\u2019s", " ") if "s" in text else text


def tokens(text: str) -> list[str]:
    """Meaningful words of ``text``: normalised, synonyms folded, stopwords dropped."""
    words = [SYNONYMS.get(w, w) for w in normalize(text).split()]
    kept = [w for w in words if w not in STOPWORDS and w not in NOISE]
    return kept or words


_KEYS: dict[str, str] = {}  # a build keys each name several times (checks, names, lexicon)


def key(text: str) -> str:
    """The canonical lookup key of a name: its meaningful words joined by spaces."""
    found = _KEYS.get(text)
    if found is None:
        found = _KEYS[text] = " ".join(tokens(text))
    return found


_STEMS: dict[str, str] = {}  # building the index stems ~100,000 words, ~5,000 distinct


def stem(word: str) -> str:
    """A deliberately light stemmer: plural and common suffixes, never below 3 letters."""
    found = _STEMS.get(word)
    if found is None:
        found = _STEMS[word] = _stem(word)
    return found


def _stem(word: str) -> str:
    if word.endswith("ss") or (len(word) > 5 and word.endswith(("us", "is"))):
        return word  # access, status, analysis: not plurals (but "gsis", "apis" are)
    for suffix in ("ing", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "ies":
                return word[:-3] + "y"
            if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes")):
                continue
            return word[: -len(suffix)]
    return word


MARK = "+"  # before a name's filler word: no query word matches it (``filler_marks``)
_NEEDLESS = STOPWORDS | NOISE | UNIT_WORDS  # filler no name needs


def filler_marks(words: Iterable[str]) -> list[str]:
    """The filler among ``words`` (normalised) that a name may need, stemmed and marked: the
    "definition" of "Task definition", the "default" of "encryption by default". A term's name
    that comes down to one word without them keeps them marked (``index_lexicon``), and is
    whole only when the query typed them too (``resolve``): "define task" does not name
    "Task definition". Stopwords, "aws" and units are not needed."""
    return [MARK + stem(w) for w in words if w in FILLER and w not in _NEEDLESS]


_ROOTS: dict[str, str] = {}


def root(word: str) -> str:
    """The search form of a word: ``stem`` plus -ed, a final -e and the -ion of -tion, so
    that throttle, throttles, throttled and throttling (or connect, connected, connection;
    delete, deletion) are one word."""
    found = _ROOTS.get(word)
    if found is None:
        found = _ROOTS[word] = _root(word)
    return found


def _root(word: str) -> str:
    w = stem(word)
    if w.endswith("tion") and len(w) >= 7:
        w = w[:-3]  # connection: connect, encryption: encrypt, deletion: delet(e)
    cut = w != word and word.endswith("ing")
    if w.endswith("ed") and len(w) >= 5 and not w.endswith("eed"):
        w, cut = w[:-2], True
    if cut and len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1].isalpha():
        return w[:-1]  # running -> run, stopped -> stop (but called -> call)
    if w.endswith("e") and len(w) >= 4 and not w.endswith("ee"):
        return w[:-1]
    return w


def camel_words(text: str) -> list[str]:
    """The parts of each CamelCase word of ``text`` (ThrottlingException -> Throttling,
    Exception), so that an exception's name is found by its words and its words by it."""
    out: list[str] = []
    for token in text.translate(_FOLD).split():
        if token.islower() or token.isupper() or not token.isalnum() or token.isdigit():
            continue  # most words: one case only (or none)
        if token.istitle() and token.isalpha():
            continue  # an ordinary capitalised word
        start = 0
        for i in range(1, len(token)):
            a, b = token[i - 1], token[i]
            if (b.isupper() and a.islower()) or (a.isdigit() != b.isdigit()):
                out.append(token[start:i])
                start = i
        out.append(token[start:])
    return out


def printable(text: str) -> str:
    """Neutralise control characters (ESC, CR, NUL, ...) so they show as ``\\x1b`` etc.

    Tabs and newlines become spaces: every field awsref prints is a single line.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\t\n":
            out.append(" ")
        elif ch.isprintable() or ch in _JOINERS:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def is_quota_code(value: str) -> bool:
    """``L-`` and 8 upper-case hex digits: a Service Quotas code (``L-B99A9384``)."""
    return len(value) == 10 and value.startswith("L-") and all(c in "0123456789ABCDEF" for c in value[2:])


_URL_REFUSED = frozenset(" <>\"'`\\{}|^")


def is_url(value: str) -> bool:
    """An https URL that can be printed, linked (OSC 8) and pasted as it is: printable
    ASCII without spaces, quotes, angle brackets or backslashes (so no control or
    bidirectional character either). The schema requires it of every ``source``."""
    return (
        value.startswith("https://")
        and len(value) > len("https://")
        and value.isascii()
        and value.isprintable()
        and not any(ch in _URL_REFUSED for ch in value)
    )


def trivial(word: str) -> bool:
    """Whether a normalised word is a single letter or a number of one or two digits: bits
    of "MiB/s" or "x-amz" to an index, and no subject of a question on their own."""
    return len(word) == 1 or (word.isdigit() and len(word) <= 2)


# A question asks for a number with these words ("max sqs message size") or with "how" before
# one of HOW_MUCH ("how many buckets"): the bare-query router and search both read them.
NUMBER_WORDS = frozenset("max maximum min minimum largest biggest longest smallest shortest".split())
HOW_MUCH = frozenset("many long big much large".split())
