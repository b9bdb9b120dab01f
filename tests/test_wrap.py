"""The hanging-indent wrapper the table renderer uses for bullets: no letter lost, no line too wide."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from awsref.render_rich import _hanging

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
