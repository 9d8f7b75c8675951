"""The project describes its task record itself: a clone has docs/task_record.md, not ../shared."""
import re
from datetime import date
from pathlib import Path

from importers.records import Deadline, TaskRecord

ROOT = Path(__file__).resolve().parents[1]
RECORD_DOC = ROOT / "docs" / "task_record.md"


def test_readme_links_stay_inside_the_project():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    assert "docs/task_record.md" in links
    for link in links:
        if "://" not in link:
            assert (ROOT / link).is_file(), link


def test_the_record_doc_names_every_field_extract_writes():
    record = TaskRecord(source="a.txt", plan_number="平政发〔2023〕3号", plan_title="方案", plan_date=date(2023, 2, 7),
                        seq="一/1", text="任务", deadline=Deadline(text="12月底前", due=date(2023, 12, 31)))
    table_fields = set(re.findall(r"^\| `([a-z_]+)`", RECORD_DOC.read_text(encoding="utf-8"), re.MULTILINE))
    table_fields |= {"line_end"}          # one row says `line_start`, `line_end`
    assert set(record.to_json()) == table_fields
