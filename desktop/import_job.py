"""导入公报 from the window: extraction and storing on the worker thread,
one transaction per file, cancellable between plans."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from importers.diagnostics import file_warnings
from importers.records import mark
from importers.errors import ImportFileError
from importers.batch import extract_files
from models.errors import RegistryError
from models.upkeep.importing import ImportSummary, store_extracted

from .workers import Job


@dataclass(frozen=True)
class FileOutcome:
    path: str
    summary: ImportSummary | None = None
    error: str | None = None            # a problem of the user's world, for people
    warnings: tuple[str, ...] = ()      # places that promised tasks and gave none (importers/diagnostics)


WARNING_PREFIX = "⚠ "                  # starts each warning line of the result


def import_files(paths: list[str], job: Job) -> list[FileOutcome]:
    """Import each file, extracted side by side where that pays (importers.batch) and stored one
    by one; a bad file is reported and the others go on."""
    outcomes = []
    names = [Path(path).name for path in paths]
    job.progress(0, len(paths), f"正在读取 {names[0]}" if paths else "")
    extracting = extract_files(paths, progress=lambda index, done, total: job.progress(
        index, len(paths), f"正在提取 {names[index]}" + (f"（{done}/{total}）" if total else "")))
    try:
        for number, (path, extracted) in enumerate(extracting):
            if isinstance(extracted, ImportFileError):
                outcomes.append(FileOutcome(path, error=str(extracted)))
                continue
            try:
                summary = store_extracted(extracted, progress=lambda done, total: job.progress(
                    number, len(paths), f"正在写入 {names[number]}（{done}/{total}）"))
            except RegistryError as error:
                # The registry itself failed (locked by another program, a full disk, damage): every
                # file after this one would wait for it again, so they are left for another import.
                outcomes.append(FileOutcome(path, error=f"{names[number]}：{error}"))
                outcomes.extend(FileOutcome(rest, error=f"{Path(rest).name}：未导入（登记册写入失败，请稍后重新导入）")
                                for rest in paths[number + 1:])
                break
            outcomes.append(FileOutcome(path, summary=summary, warnings=tuple(file_warnings(extracted))))
    finally:
        extracting.close()               # a cancelled import stops the files not yet started
    job.progress(len(paths), len(paths), "完成")
    return outcomes


def outcome_lines(outcomes: list[FileOutcome]) -> list[str]:
    """What the window shows after an import, one line per file and plan."""
    lines = []
    for outcome in outcomes:
        name = Path(outcome.path).name
        if outcome.error:
            lines.append(f"✗ {outcome.error}")
            continue
        summary = outcome.summary
        if summary.tasks_found == 0:
            lines.append(summary.message)
        elif summary.outcome == "unchanged":
            lines.append(f"{name}：内容未变，已导入过，未做改动")
        else:
            verb = "已导入" if summary.outcome == "imported" else "已更新"
            lines.append(f"{name}：{verb}，任务 {summary.tasks_found} 项（新增 {summary.added}，更新 {summary.updated}）")
        if summary.tasks_found == 0 or summary.outcome != "unchanged":
            for plan in summary.plans:
                if plan.tasks_found or plan.warnings:
                    counts = (f"任务 {plan.tasks_found}，无责任单位 {plan.tasks_without_unit}，"
                              f"无完成时限 {plan.tasks_without_deadline}" if plan.tasks_found else "任务 0")
                    marked = f"  {mark(plan.tasks_found)}" if plan.warnings else ""
                    lines.append(f"    {plan.number or '无文号'} {plan.title or ''}：{counts}{marked}")
        lines.extend(WARNING_PREFIX + warning for warning in outcome.warnings)
    return lines


def reviewable_plans(outcomes: list[FileOutcome]) -> list[tuple[int, str]]:
    """(plan id, label) of each plan an import added or changed, for 导入审核 from the result."""
    plans = []
    for outcome in outcomes:
        if outcome.summary is None or outcome.summary.outcome == "unchanged":
            continue
        for plan in outcome.summary.plans:
            if plan.plan_id is not None and plan.tasks_found:
                plans.append((plan.plan_id, f"{plan.number or '无文号'} {plan.title or ''}（任务 {plan.tasks_found} 项）"))
    return plans
