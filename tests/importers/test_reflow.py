"""PDF conversion breaks lines every ~20 characters, often with blank lines
between: every layout must extract the same after such a reflow."""
import re
from pathlib import Path

import pytest

from importers.layout import lines_of
from importers.pipeline import extract_text

SHAPES = Path(__file__).parent / "data" / "shapes"
# Markdown comes from HTML and Word converters, never from PDF line breaking:
# breaking it every few characters splits its markers (**), which no real file does.
# A web table flattened one cell per line has lines that are cells: breaking them makes new
# cells, which no converter does.
# Likewise a table whose rows are lines of space-separated cells, or one run together with no
# separators at all (web pages, document sites), and a web page's character references (&ldquo;),
# which a PDF never holds.
NOT_FROM_PDF = ("markdown_markup", "cells_blank_separated", "cells_units_one_per_line", "cells_broken_after_comma",
                "cells_run_on", "cells_space_separated_rows", "a_signature_under_spaced_rows", "spaced_rows_without_numbers_whose_task_cells_end_their_sentences",
                "cells_no_separators", "cells_no_separators_with_a_time_column",
                "glued_table_units_listed_with_marks", "glued_table_number_word_cut_and_a_header_word_in_the_first_row",
                "glued_table_row_ending_in_a_unit_s_other_name", "glued_table_short_task_cells_without_a_stop",
                "glued_table_unit_cells_with_bracketed_places_and_role_words", "glued_table_a_unit_name_with_a_unit_s_ending_inside_it",
                "one_office_at_two_levels",
                "web_character_references",
                "cells_one_per_line_paragraphs",
                # Cells set apart by blank lines with a cell's own lines wrapped: a blank line between every two
                # lines leaves no trace of which lines are one cell's (a page's own breaks are its point).
                "numbered_measures_under_group_cells_blank_separated_a_measure_wrapped",
                "a_progress_cell_s_numbered_items_each_wrapped_cells_set_apart_by_blank_lines",
                "a_group_title_wrapped_in_a_table_with_blank_lines_between_cells",
                # …and a table one cell per line whose cells a page already wrapped: wrapped again, narrower, a task
                # cell's lines read as cells of their own.
                "a_unit_list_cell_one_cell_per_line_wrapped_inside_a_name_before_its_mark",
                "table_one_cell_per_line_its_long_cells_broken_at_the_page_s_width",
                "a_table_s_long_cells_broken_with_a_blank_line_between_every_two_lines",
                # Already broken at one PDF width: breaking it again at another leaves lines of 12 and
                # 6 characters by turns, which no PDF gives (a short line ends a paragraph).
                "bullet_items_wrapped", "a_bracket_broken_before_the_number_of_the_annex_it_refers_to",
                "a_bullet_after_a_full_line_closing_a_unit_label_s_value",
                "a_table_s_title_broken_before_its_last_word_over_cells_one_per_line",
                "an_item_s_parts_run_on_after_its_heading_on_lines_a_page_broke",
                "a_time_label_s_value_broken_over_a_person_line", "items_repeating_one_long_unit_list_a_page_s_break_cuts_alike",
                # A web page's tools (分享到：微信 微博, 【打印本页】) are the page's: no PDF holds them.
                "web_page_tools", "document_site_line_breaks_written_as_a_cyrillic_letter", "page_facts_listed_with_web_marks",
                # A mirror site's pinyin after characters (發(fā)) is a web page's too, as is a site's
                # 来源：… 发布时间：… line under a title.
                "mirror_pinyin", "mirror_pinyin_half_lost", "numbered_page_dated_by_the_site", "page_dated_by_the_site_s_own_time_label",
                "page_dated_after_the_site_s_name", "site_footer_after_the_last_item", "site_block_posted_before_written",
                # (…and a site's title line with the number after a space: a PDF prints the number on its own line)
                "numbers_after_their_titles_on_one_line",
                # A web table one cell per line: breaking a cell makes new cells, as above.
                "a_unit_cell_broken_every_two_characters_cells_set_apart_by_blank_lines",
                "header_words_broken_over_lines", "unnamed_text_column_one_cell_per_line",
                "milestone_cell_naming_its_part_in_a_sub_row", "unit_column_aside_stating_the_lead_mark_one_cell_per_line",
                "lone_pipes_around_a_long_broken_group_cell", "a_group_cell_s_title_a_word_per_line_between_pipes",
                "closing_words_and_a_signature_after_a_table_one_cell_per_line", "a_date_alone_under_a_table_s_last_unit_cell",
                "a_table_s_header_printed_again_over_its_next_page_one_cell_per_line", "time_cells_written_in_brackets_one_cell_per_line",
                "notes_column_of_several_kinds_one_cell_per_line", "table_cells_between_blank_lines_task_cell_holding_a_line_break",
                "task_cell_broken_mid_sentence_beside_a_notes_column_one_cell_per_line",
                "role_bracket_closing_the_first_of_two_text_cells", "progress_cell_list_of_sentences_a_few_cells_after_the_row_number",
                "time_cell_milestones_split_by_the_unit_cell_merged_beside_them",
                "one_column_for_two_roles_bracketed", "flat_table_unit_with_other_names",
                "task_named_like_a_unit_one_cell_per_line", "progress_cell_with_a_bracket_one_cell_per_line",
                "offices_named_by_their_work", "group_rows_and_persons_one_cell_per_line",
                "milestone_columns_one_cell_per_line", "period_columns_before_the_time_column", "verb_alternatives_and_placeholder_cells_one_cell_per_line", "project_list_one_cell_per_line",
                "header_cell_with_a_count_one_cell_per_line", "upper_level_leads_noted_one_cell_per_line",
                "status_columns_one_cell_per_line", "long_group_row_and_marked_numbers",
                "cells_merged_group_columns", "assessor_and_lead_columns", "web_bracketed_date",
                "cells_pipe_after_each_cell", "cells_pipe_before_each_cell", "village_helper_column_one_cell_per_line",
                "group_rows_in_cells_with_their_pipes", "every_county_city_district_in_a_cell",
                "bureau_offices_one_per_line", "project_cells_place_and_year_one_cell_per_line",
                "year_led_header_with_an_aside_one_cell_per_line", "proposal_list_one_cell_per_line",
                "record_number_column_beside_the_row_number", "persons_one_per_line_in_a_leader_column",
                "web_site_footer", "indicator_table_with_year_columns_one_cell_per_line",
                "ledger_keeping_the_list_s_numbers", "cells_with_pipes_a_number_left_out", "web_inline_tags",
                "sharing_site_artefacts", "office_column_with_its_aside_wrapped", "note_under_a_cell_table",
                "spaced_rows_under_group_rows", "units_one_per_line_opening_with_their_place",
                "single_spaced_rows_with_bare_unit_names", "spaced_header_with_a_year_before_the_task_word",
                "table_continued_over_its_repeated_header", "second_unit_of_a_cell_wrapped_one_cell_per_line",
                "indicator_table_header_repeated_one_cell_per_line", "sub_rows_under_merged_unit_and_date_cells", "rows_under_merged_cells_numbered_by_their_tasks",
                "spaced_rows_first_words_reading_as_a_name", "progress_cells_of_two_paragraphs_one_cell_per_line",
                "a_month_s_work_list_whose_task_column_is_named_work_arrangements",
                "a_unit_cell_s_roles_on_label_lines_in_a_table_one_cell_per_line",
                "a_time_cell_naming_its_event_then_its_date_under_a_unit_cell",
                "a_township_table_naming_cadres_by_the_villages_they_cover",
                "a_government_site_s_links_tools_and_footer_under_a_table",
                "venues_one_per_line_in_a_cell", "task_header_word_over_lone_pipe_lines",
                "assigning_heading_over_a_table_without_units", "group_cell_that_is_a_task_of_its_own_one_cell_per_line",
                "two_column_table_task_and_units_one_cell_per_line", "progress_columns_with_their_month_on_the_next_line",
                "header_cell_with_its_measure_one_cell_per_line", "target_names_with_their_measure_beside_units",
                # (rows of space-separated cells under a title and header on one line, as above)
                "table_title_and_its_header_on_one_line", "an_attachment_s_mark_its_table_s_title_and_header_on_one_line",
                "spaced_rows_a_task_cell_with_a_comma_ending_its_sentence_before_its_unit",
                "spaced_rows_under_a_header_whose_cells_wrapped_onto_short_lines",
                "a_notice_run_onto_one_line_with_its_table_s_title_and_header_at_the_end",
                "one_character_unit_cut_at_the_text_s_end",
                "spaced_progress_table_with_period_named_columns", "spaced_rows_a_town_s_name_after_the_task_s_words",
                "group_rows_numbered_in_the_number_column", "spaced_rows_without_their_numbers",
                "first_row_s_name_reading_like_a_header_word",
                # A web page's paragraph tags (<p>…</p>) are a web page's, as its inline tags are.
                "web_paragraph_tags", "unit_cells_closed_by_a_full_stop", "table_title_over_a_note_one_cell_per_line",
                "unit_list_closed_by_a_full_stop_before_a_group_row", "remark_cell_with_its_figure_on_a_line_of_its_own",
                "target_cell_opening_with_its_date", "task_cells_numbered_without_a_number_column",
                "assessment_rows_numbered_in_their_first_cell", "category_cell_after_the_number_once_per_group",
                "task_cards_labels_alone_over_values", "task_cards_numbered_one_cell_per_line",
                "card_labels_alone_after_the_task_s_own",
                "a_card_table_numbered_by_the_plan_s_own_numbers", "a_card_table_row_listing_the_items_it_merged",
                "role_column_divided_by_a_compact_second_header_row", "a_disclosure_catalog_is_no_task_list",
                "a_unit_cell_in_its_labels_words_one_cell_per_line", "a_time_cell_of_milestones_one_per_line",
                "unit_cell_wrapped_before_its_government", "unit_cells_of_departments_named_司",
                "unit_column_first_and_task_cells_numbered_as_the_plan_numbers_them",
                "count_cells_equal_to_the_next_row_s_number", "progress_cells_listing_numbered_steps_one_cell_per_line",
                "group_cells_with_their_number_alone_on_a_line", "header_cell_with_a_long_aside_one_cell_per_line",
                # Cells apart by spaces on a row's line: a PDF's text keeps them on it (a break would start a row).
                "spaced_rows_with_a_person_beside_the_unit_and_a_category_first", "spaced_rows_under_two_levels_of_group_titles",
                "spaced_rows_under_a_sum_row", "spaced_row_whose_task_cell_goes_on_alone_below_it",
                "spaced_row_whose_unit_list_goes_on_alone_below_it", "spaced_rows_each_group_s_first_opening_with_the_group_before_its_number",
                # A page a crawler joined onto one line: a PDF's text keeps its lines (and its paragraphs,
                # which a copy of targets each closed by its bracket lost).
                "page_joined_onto_one_line", "short_page_joined_onto_one_line_without_a_notice",
                "plan_run_on_after_the_preamble_s_stop", "a_sharing_site_s_numbered_chunks_cutting_items",
                "a_sharing_site_s_numbered_chunks_with_no_notice_of_the_site",
                "run_on_items_numbered_on_through_headings_with_items_left_out",
                "chapter_heading_with_a_comma_over_its_parts_on_one_line", "next_chapter_run_on_after_a_bracket_of_units",
                "a_plan_s_title_glued_to_its_first_chapter_on_a_page_joined_onto_one_line",
                "a_part_s_items_run_on_after_its_heading_the_page_cut_before_the_next_part",
                "parts_run_together_with_glued_labels_on_a_page_joined_without_spaces",
                "parts_glued_after_an_item_s_heading_each_closed_by_a_label_on_a_page_on_one_line",
                # A copying site's banner written into the text is a web page's, not a PDF's.
                "a_copying_site_s_banner_inside_a_label",
                "unnumbered_targets_run_together_each_with_its_bracket", "parts_run_on_after_the_heading_each_with_units",
                "heading_and_items_run_on_after_label_units", "role_brackets_then_a_stop_run_together",
                "next_section_run_on_after_an_item_s_bracket", "records_under_their_titles_run_onto_one_line_by_spaces",
                "a_news_post_s_one_record_joined_onto_one_line",
                # A break right before a work's dash (…按需共享 / ——由县数据局牵头…) puts the dash first on a
                # line, where it reads as a bullet: left (docs/task_record.md), so this shape is read whole only.
                "work_then_a_dash_and_who_does_it",
                # Two names with only a space between them (安全股 基教股): a PDF's text loses the space.
                "office_names_separated_by_a_space",
                # A web-to-Markdown tool's escapes (a backslash before 1. and (一)) are a web page's, as above.
                "markdown_escapes",
                # A table drawn with box characters (│序号│…│) is a plain-text page's: a PDF draws its rules.
                "box_drawn_table", "box_drawn_table_with_wrapped_rows", "box_drawn_rows_ruled_apart_each_wrapped_in_every_cell",
                # A page's running head is printed on one line at any width; broken at 12 it would be
                # two lines of the body, not the head it is.
                "plan_title_as_every_page_s_running_head", "the_plan_s_title_printed_again_atop_a_page_mid_item",
                "a_two_line_title_printed_again_after_a_page_number",
                "plan_s_own_title_as_the_running_head_under_its_notice", "running_head_of_a_title_wrapped_onto_three_lines")
CASES = sorted(path for path in SHAPES.glob("*.txt") if path.stem not in NOT_FROM_PDF)
WIDTH = 20


def reflowed(text: str, width: int = WIDTH, blank: bool = True) -> str:
    """Break every prose line into `width`-character pieces (tables are left whole)."""
    out = []
    for line in text.splitlines():
        # Table rows (tabs, pipes) come whole from HTML and Word converters, never broken by a PDF's width;
        # so does a page's furniture (平安县人民政府公报 2025年第2期 — 7 —), which the reader drops.
        if "\t" in line or "|" in line or len(line) <= width or not lines_of(line):
            out.append(line)
            continue
        out.extend(line[start:start + width] for start in range(0, len(line), width))
    return ("\n\n" if blank else "\n").join(out) + "\n"


def facts(text: str) -> list[tuple]:
    return [(re.sub(r"\s+", "", task.text), task.lead, task.responsible, task.cooperating,
             task.deadline.due, task.deadline.recurrence)
            for task in (task for document in extract_text(text, "x.txt") for task in document.tasks)]


@pytest.mark.parametrize("width", [20, 12])
@pytest.mark.parametrize("blank", [True, False], ids=["blank-lines", "no-blank-lines"])
@pytest.mark.parametrize("source", CASES, ids=[case.stem for case in CASES])
def test_reflow_changes_nothing(source: Path, blank: bool, width: int) -> None:
    text = source.read_text(encoding="utf-8")
    assert facts(reflowed(text, width, blank)) == facts(text)
