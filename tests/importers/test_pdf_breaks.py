"""Every shape a PDF could print reads the same when its lines are broken as a typeset page breaks them
(pdf_breaking: line-breaking rules, indents, the title's larger font, page numbers and running heads between
pages), at four widths, with and without blank lines between lines. test_reflow cuts every N characters;
this one breaks where a page would, and puts a page's furniture anywhere, inside a label or a name included."""
from pathlib import Path

import pytest

from .pdf_breaking import Breaking, broken
from .test_reflow import NOT_FROM_PDF, facts

SHAPES = Path(__file__).parent / "data" / "shapes"
CASES = sorted(path for path in SHAPES.glob("*.txt") if path.stem not in NOT_FROM_PDF)
# Eight of the sixteen combinations, each width once with and once without a page's furniture and blank lines.
BREAKINGS = [(16, False, True), (16, True, False), (20, False, False), (20, True, True),
             (24, False, True), (24, True, False), (32, False, False), (32, True, True)]

# Breakings a shape does not survive, each with why. A shape that starts to read right under one of them fails
# this test too (strict), so that the list only shrinks.
_TWICE = ("already broken at one page's width: broken again, it has lines of a character or two, which no page gives "
          "(the reflow test covers it)")
_NO_COLONS = "labels glued to their values without colons are a web copy's, whose table lost its cells; a PDF keeps them"
KNOWN = {
    **{(name, breaking): _TWICE for name, breakings in {
        "wrapped_line_ending_like_a_title": ("w16-pages", "w16-blank", "w20", "w20-blank-pages"),
        "role_and_label_words_cut_by_a_line": ("w24-pages", "w24-blank"),
        "a_title_alone_over_a_wrapped_paragraph_of_several_sentences_closed_by_its_units": ("w20", "w20-blank-pages"),
        "counted_paragraphs_one_closed_by_its_time_bracket_on_a_line_of_its_own":
            ("w16-pages", "w16-blank", "w20-blank-pages"),
        "a_unit_list_s_last_name_cut_by_a_line_in_a_table_one_cell_per_line": ("w16-pages",),
    }.items() for breaking in breakings},
    **{("labels_glued_to_the_work_without_colons", breaking): _NO_COLONS
       for breaking in ("w16-pages", "w16-blank", "w20", "w20-blank-pages", "w24-pages", "w24-blank", "w32",
                        "w32-blank-pages")},
    ("clauses_of_a_paragraph_each_closed_by_labels_then_its_purpose", "w16-pages"):
        "the paragraph's label word (工作目标) left off the first task's text where a narrow page breaks after it",
    ("clauses_of_a_paragraph_each_closed_by_labels_then_its_purpose", "w16-blank"):
        "the paragraph's label word (工作目标) left off the first task's text where a narrow page breaks after it",
}


def _params():
    for source in CASES:
        for width, blank, furniture in BREAKINGS:
            breaking = Breaking(width, blank, furniture, f"{source.stem}-{width}-{int(blank)}-{int(furniture)}")
            reason = KNOWN.get((source.stem, breaking.name))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(source, breaking, id=f"{source.stem}-{breaking.name}", marks=marks)


@pytest.mark.parametrize("source, breaking", list(_params()))
def test_a_page_s_breaks_change_nothing(source: Path, breaking: Breaking) -> None:
    text = source.read_text(encoding="utf-8")
    assert facts(broken(text, breaking)) == facts(text)
