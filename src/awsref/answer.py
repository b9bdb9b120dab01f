"""What every lookup returns and every renderer draws: the answer and how sure it is, and
the resolution a lookup builds it from (the entry a query named and how sure that is).

A leaf module (no awsref imports), so renderers and views never import the lookups. The
shapes of an answer's data (``LimitData``, ``Ref``...) are TypedDicts the type checker
reads; at run time they are plain dicts, and this module imports nothing for them.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from collections.abc import Mapping
    from typing import Any, Literal, NotRequired, TypedDict, cast

    from awsref.schema import Limit, Row, Term

    Quality = Literal["exact", "fuzzy", "ambiguous"]

    class Ref(TypedDict):
        """A pointer to an entry ("also", "did you mean"): what it is and the command that shows it."""

        kind: str
        id: str
        label: str
        command: str
        detail: NotRequired[str]  # a limit's value

    class PartnerRef(TypedDict):
        """The other half of a limit's pair (zipped and unzipped, rate and burst)."""

        id: str
        name: str
        display: str
        command: str

    class LimitData(Limit):
        """A ``limit`` answer: the limit's own fields, its service, and what was asked of it."""

        service: str
        service_name: str
        partner_limits: NotRequired[list[PartnerRef]]
        origin: NotRequired[str]  # the user's notes file it came from
        conversion: NotRequired[dict[str, Any]]  # limit --in
        check: NotRequired[dict[str, Any]]  # limit --check
        account: NotRequired[dict[str, Any]]  # limit --account

    class LimitsData(TypedDict):
        """A ``limits`` answer: a service's limits table."""

        service: str
        service_name: str
        limits: list[LimitData]
        more_quotas: NotRequired[int]  # the catalogue's quotas of the service, not in ``limits``

    class Hit(TypedDict):
        """One search hit: what it is, where, and the command that shows it whole."""

        kind: str
        ref: str
        title: str
        snippet: str
        command: str
        score: float  # 100 for the best hit
        matched: str  # "2/3": the query's words it contains

    class HitsData(TypedDict):
        """A ``hits`` answer: ranked search hits (search, or facts that answer a lookup)."""

        hits: list[Hit]

    class TermData(Term):
        """A ``term`` answer: a glossary entry (or a service's summary in its shape)."""

        service_names: list[str]
        see_also_labels: list[str]
        entity: NotRequired[str]  # "service": a service's summary, not a term
        origin: NotRequired[str]

    class ComparisonData(TypedDict):
        """A ``comparison`` answer: curated, or entries side by side (``curated`` False)."""

        id: str
        title: str
        subjects: list[str]
        subject_labels: list[str]
        rows: list[Row]
        choose: str
        curated: bool
        aliases: NotRequired[list[str]]
        services: NotRequired[list[str]]
        domains: NotRequired[list[str]]
        questions: NotRequired[list[str]]
        origin: NotRequired[str]

    class ListData(TypedDict):
        """A ``list`` answer: what was listed, and the filters asked for."""

        list: str
        items: list[dict[str, Any]]
        domain: NotRequired[str]
        services: NotRequired[list[str]]
        adjustable: NotRequired[bool]

else:

    def cast(_type: object, value: object) -> object:
        """``typing.cast`` without importing typing: the type is for the checker only."""
        return value


QUALITIES = ("exact", "fuzzy", "ambiguous")  # the match qualities, least sure last


class Resolution:
    """The entry a query resolved to, how sure that is, and what else fits."""

    __slots__ = ("alternatives", "ignored", "kind", "notes", "quality", "ref", "score", "tied")

    def __init__(
        self,
        kind: str,
        ref: str,
        quality: Quality,
        score: float,
        alternatives: list[tuple[str, str]],
        notes: list[str],
        ignored: list[str] | None = None,
    ) -> None:
        self.kind = kind
        self.ref = ref
        self.quality = quality
        self.score = score
        self.alternatives = alternatives
        self.notes = notes
        self.ignored = ignored or []  # query words the entry's names do not account for
        self.tied = False  # another entry of its kind fits exactly as well: it is first by data order

    def __repr__(self) -> str:
        return (
            f"Resolution({self.kind}:{self.ref}, {self.quality}, {self.score:.2f}, also={self.alternatives})"
        )


class Answer:
    """What a lookup found: a kind, its JSON-ready data, and how sure the match was.

    ``data`` is a dict whose shape the kind names (``LimitData`` for ``limit``...);
    ``as_limit()`` and friends give it that type for the checker, at no cost.
    """

    __slots__ = ("also", "command", "data", "kind", "match", "notes", "query")

    def __init__(
        self,
        command: str,
        query: str,
        kind: str,
        data: Mapping[str, Any],
        match: Quality = "exact",
        also: list[Ref] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.command = command
        self.query = query
        self.kind = kind
        self.data: dict[str, Any] = cast("dict[str, Any]", data)  # a TypedDict is a dict at run time
        self.match = match
        self.also: list[Ref] = also or []
        self.notes = notes or []

    def as_limit(self) -> LimitData:
        """The data of a ``limit`` answer."""
        return cast("LimitData", self.data)

    def as_limits(self) -> LimitsData:
        """The data of a ``limits`` answer."""
        return cast("LimitsData", self.data)

    def as_list(self) -> ListData:
        """The data of a ``list`` answer."""
        return cast("ListData", self.data)

    def as_hits(self) -> HitsData:
        """The data of a ``hits`` answer."""
        return cast("HitsData", self.data)

    def as_term(self) -> TermData:
        """The data of a ``term`` answer."""
        return cast("TermData", self.data)

    def as_comparison(self) -> ComparisonData:
        """The data of a ``comparison`` answer."""
        return cast("ComparisonData", self.data)


class Url(str):
    """A string the schema checked as a URL (a ``source``): the only text a renderer may
    turn into a link. Anything else that merely looks like one stays plain text."""

    __slots__ = ()
