"""``-o text``: tab-separated records, one per line, for grep, cut and awk.

With ``--header`` (``output.header``) each record type is preceded, before its first
record, by a line naming its fields: ``record``, then the names.
"""

from __future__ import annotations

from awsref.answer import Answer
from awsref.records import header, records
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def render(answer: Answer, out: TextIO) -> None:
    """Write every record of ``answer`` as a tab-separated line."""
    from awsref import output

    lines = []
    seen: set[str] = set()
    for rec in records(answer):
        if output.header and str(rec[0]) not in seen:
            seen.add(str(rec[0]))
            lines.append("\t".join(header(rec)) + "\n")
        lines.append("\t".join(printable(str(f)) for f in rec) + "\n")
    out.write("".join(lines))
