"""How values read on a page or in a record, whatever the format: numbers, yes/no, a
limit's value, a quota's usage, where an entry came from. A leaf (no awsref imports)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from collections.abc import Mapping
    from typing import Any


def number(value: object) -> str:
    """A number as data (1000, 0.5); "" for none."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def yes(flag: object) -> str:
    return "yes" if flag else "no"


def adjustable(flag: bool | None) -> str:
    """Whether AWS raises a limit on request: yes, no, or "not stated" (a catalogue quota
    whose page does not say)."""
    return "not stated" if flag is None else yes(flag)


def yes_no_blank(flag: object) -> str:
    """yes, no, or "" when not known."""
    return "" if flag is None else yes(flag)


def fits(flag: object) -> str:
    """A check's outcome: fits, does-not-fit, or "" when not checked."""
    return "" if flag is None else ("fits" if flag else "does-not-fit")


def origin(item: Mapping[str, Any]) -> str:
    """The user's notes file an entry came from ("" for awsref's own data)."""
    return item.get("origin") or ""


def mine(item: Mapping[str, Any]) -> str:
    """ " [your note: FILE]" after an entry from the user's notes."""
    where = origin(item)
    return f" [your note: {where}]" if where else ""


def short(text: str, width: int = 90) -> str:
    """``text`` cut at a word boundary to about ``width`` characters (tables only)."""
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def limit_value(lim: Mapping[str, Any]) -> str:
    """The value as shown to a reader: display text, flagged when unverified."""
    text: str = lim["display"]
    if lim.get("verified") is False:
        text += " (unverified)"
    return text


def quota_number(value: object) -> str:
    """1,000 or 0.5: a value from AWS as people read it ("" for none)."""
    if not isinstance(value, (int, float)):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def aws_unit(status: Mapping[str, Any]) -> str:
    """Service Quotas' unit as a suffix (" Gigabytes"); none for a plain count."""
    unit = status.get("unit") or "None"
    return "" if unit in ("None", "Count") else f" {unit}"


def usage_text(status: Mapping[str, Any]) -> str:
    """ "870 of 1,000 (87%)", or why there is no figure."""
    if status.get("usage") is None:
        if not status.get("usage_metric"):
            return "not measured: Service Quotas names no usage metric for this quota"
        return f"no data in the last hour ({status['usage_metric']})"
    used, value = quota_number(status["usage"]), quota_number(status["value"])
    return f"{used} of {value} ({quota_number(status['percent'])}%)"
