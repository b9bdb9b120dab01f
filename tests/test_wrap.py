"""The hanging-indent wrapper the table renderer uses for bullets: no letter lost, no line too wide."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from awsref.wrap import hanging as _hanging

WORDS = st.text(alphabet="abcdefghij-/:.", min_size=1, max_size=60)


@given(st.lists(WORDS, max_size=30), st.integers(20, 120))
def test_wrapping_keeps_every_letter_in_order_and_each_line_fits(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = _hanging(text, width, "  • ", "    ")
    assert all(len(line) <= width for line in lines)
    assert "".join(line[4:] for line in lines).replace(" ", "") == text.replace(" ", "")
    assert lines[0].startswith("  • ") or lines == ["  •"]


def test_a_word_longer_than_the_line_starts_its_own_line_and_folds() -> None:
    url = "https://docs.aws.amazon.com/" + "x" * 30
    assert _hanging(f"see {url}", 30, "  • ", "    ") == [
        "  • see",
        "    " + url[:26],
        "    " + url[26:52],
        "    " + url[52:],
    ]


def test_an_indent_wider_than_the_line_still_ends(  # COLUMNS=20 with a long stacked label
) -> None:
    lines = _hanging("a few words here", 20, " " * 25, " " * 25)
    assert "".join(line.strip() for line in lines) == "afewwordshere"


def test_a_narrow_terminal_prints_a_stacked_table_and_ends() -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "awsref", "limit", "dynamodb", "-o", "table"],
        env={**os.environ, "COLUMNS": "20"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "item-size" in result.stdout.replace("\n", "")
