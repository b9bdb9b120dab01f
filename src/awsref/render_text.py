"""``-o text``: tab-separated records, one per line, for grep, cut and awk."""

from __future__ import annotations

from awsref.answer import Answer
from awsref.text import printable
from awsref.views import records

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def render(answer: Answer, out: TextIO) -> None:
    """Write every record of ``answer`` as a tab-separated line."""
    out.write("".join("\t".join(printable(str(f)) for f in rec) + "\n" for rec in records(answer)))
