"""Plain-text layout, without Rich: wrapping with a hanging indent, sharing a width
between table columns, and dropping the padding Rich leaves at the ends of lines."""

from __future__ import annotations


def hanging(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped between words to ``width`` columns after ``first``, then ``rest``, as
    Rich wraps: a word longer than a line starts a line of its own and is folded there."""
    lines: list[str] = []
    line = first
    # An indent as wide as the line still leaves one column a line: never a line of nothing.
    room = max(1, width - len(first))
    fresh = True  # nothing after the indent yet
    for word in text.split():
        need = len(word) if fresh else len(word) + 1
        if need <= room:
            line += word if fresh else " " + word
            room -= need
            fresh = False
            continue
        if not fresh:
            lines.append(line)
            line, room, fresh = rest, max(1, width - len(rest)), True
        while len(word) > room:
            lines.append(line + word[:room])
            word = word[room:]
            line, room = rest, max(1, width - len(rest))
        line += word
        room -= len(word)
        fresh = not word
    lines.append(line.rstrip())
    return lines


def column_widths(available: int, least: list[int], natural: list[int]) -> list[int] | None:
    """Each column's width: its natural width, the widest narrowed first, one column at a time,
    never below its longest unbreakable word; None when even those do not fit ``available``."""
    if sum(least) > available:
        return None
    widths = [max(n, m) for n, m in zip(natural, least, strict=True)]
    while sum(widths) > available:
        widest = max((w, i) for i, w in enumerate(widths) if w > least[i])[1]
        widths[widest] -= 1
    return widths


def strip_trailing(text: str) -> str:
    """Drop the spaces Rich pads lines with (also before a closing colour code)."""
    out = []
    for line in text.split("\n"):
        tail = ""
        while line.endswith("m") and "\x1b[" in line:
            start = line.rfind("\x1b[")
            code = line[start:]
            if not code[2:-1].replace(";", "").isdigit() and code != "\x1b[m":
                break
            tail = code + tail
            line = line[:start]
        out.append(line.rstrip(" ") + tail)
    return "\n".join(out)
