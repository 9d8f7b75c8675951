"""`duban`: the command line. Qt is imported only by the `gui` command.

    duban [--db PATH] [--user NAME] import PATH...
    duban extract PATH... [--jsonl]
    duban tasks [--dept NAME] [--plan NUMBER] [--overdue] [--as-of DATE] [--json]
    duban departments [--groups]
    duban departments --suspect
    duban departments merge KEEP ABSORB
    duban departments typo TYPO OF
    duban departments confirm NAME
    duban county [NAME]
    duban export --xlsx PATH [--dept NAME] [--plan NUMBER] [--one-sheet] [--as-of DATE]
    duban export --xlsx PATH --dept NAME --for-update [--plan NUMBER]
    duban import-updates FILE.xlsx... [--who NAME]
    duban notice --task ID --pdf PATH [--colour 蓝|黄|红] [--dept NAME] [--as-of DATE] [--by NAME] [--reply-by DATE]
    duban notice --list [--as-of DATE]
    duban backup PATH
    duban restore PATH
    duban account add USERNAME --role office|liaison|leader [--dept NAME] [--name 显示名]
    duban account list
    duban account passwd USERNAME
    duban account disable|enable USERNAME
    duban account unlock USERNAME
    duban account scope [all|own]
    duban audit [--limit N] [--action A] [--who U] [--json]
    duban review [PLAN] [--done] [--all]
    duban server init URL --office USERNAME [--name 显示名]
    duban task edit ID [--text T] [--lead 甲、乙] [--responsible …] [--cooperating …]
                       [--deadline DATE|PHRASE] [--recurrence PHRASE] [--ongoing|--no-ongoing]
    duban task add --plan NUMBER --lines A-B [--text T] [--lead …] [--responsible …]
                   [--cooperating …] [--deadline DATE|PHRASE]
    duban task withdraw ID --reason 原因

Errors of the user's world (a bad file, a locked or corrupt registry) are
one line naming the file and the problem, and a non-zero exit code.

Never silent: `extract` and `import` list each document's tasks, and a
document that carries 牵头单位/责任单位/完成时限… fields or a table header with
such a column but gave no task (or a table that could not be aligned) is one
warning line on stderr naming the file, the line, the document and what to
do, so ``--jsonl`` output stays pure. `import` exits 3 (EXIT_NO_TASKS) when
a file gave no task at all; the other files are imported as usual.

Accounts: once a registry has one (or always on a PostgreSQL server),
every command that opens the registry, reading or writing, acts as
``--user NAME`` (:func:`_open` is where this is decided), whose password
comes from ``$DUBAN_PASSWORD`` or is asked on the terminal; it is never an
argument and never printed. A command the person may not run is refused
before anything is written, the daily backup included. A new password (``account add``,
``account passwd``) comes from ``$DUBAN_NEW_PASSWORD`` or is asked twice.
A refusal (wrong password, no right to do it) is one line and exit code 77.
The very first account, an office one, needs no ``--user``.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from typing import TYPE_CHECKING

# Each command loads what it uses (the importer, the registry, the server driver), so that
# `duban --help` and a mistyped command cost no more than Python itself.
from desktop import server_commands
from desktop.exit_codes import EXIT_DENIED, EXIT_INPUT, EXIT_NO_TASKS, EXIT_OK, EXIT_REGISTRY, EXIT_USAGE
from importers.errors import ImportFileError
from models.rules.wording import chinese_date

if TYPE_CHECKING:
    from importers.records import ExtractedFile
    from models.access.actor import Actor

PASSWORD_VARIABLE, NEW_PASSWORD_VARIABLE = "DUBAN_PASSWORD", "DUBAN_NEW_PASSWORD"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.run = _gui                    # `duban` alone opens the window
    try:
        return args.run(args)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("已取消 (cancelled)", file=sys.stderr)
        return 130
    except _registry_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_REGISTRY
    except _denied_error_types() as error:
        print(f"duban: {error}{_sign_in_hint(error, args)}", file=sys.stderr)
        return EXIT_DENIED
    except _user_error_types() as error:        # any other mistake of the user's world: one line
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        if getattr(args, "user", None):
            _sign_out()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="duban", description="督办台：县政府督查室任务登记与督办 (Duban task registry)")
    parser.add_argument("--db", metavar="PATH",
                        help="登记册文件 (registry file; default $DUBAN_DB or the user's data folder)")
    parser.add_argument("--user", metavar="NAME",
                        help="以该账户登录，密码取自 $DUBAN_PASSWORD 或终端输入 (sign in; password from "
                             "$DUBAN_PASSWORD or a prompt)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    command = commands.add_parser(
        "import", help="导入公报或方案到登记册 (import gazettes into the registry)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="未识别任务的提示（有“责任单位”等分工字样或表头却没有读出任务）逐行写到 stderr。\n"
               "退出码 (exit codes): 0 成功；1 有文件无法读取；2 登记册错误；\n"
               f"{EXIT_NO_TASKS} 有文件没有识别出任何任务（其余文件照常导入；同时有无法读取的文件时为 1）；"
               "77 无权操作")
    command.add_argument("paths", nargs="+", metavar="PATH")
    command.add_argument("--quiet", action="store_true", help="no progress bar")
    command.set_defaults(run=_import)

    command = commands.add_parser("extract", help="只提取任务，不写登记册 (extract tasks, write nothing)")
    command.add_argument("paths", nargs="+", metavar="PATH")
    command.add_argument("--jsonl", action="store_true", help="one JSON task record per line (docs/task_record.md)")
    command.set_defaults(run=_extract)

    command = commands.add_parser("tasks", help="列出任务 (list tasks)")
    command.add_argument("--dept", metavar="NAME", help="单位名称或别名 (department, any alias)")
    command.add_argument("--plan", metavar="NUMBER", help="文号 (plan number, e.g. 偏政发〔2023〕1号)")
    command.add_argument("--overdue", action="store_true", help="只列逾期任务 (overdue only)")
    command.add_argument("--as-of", metavar="DATE", type=_iso_date, help="以该日计算 (YYYY-MM-DD; default today)")
    command.add_argument("--json", action="store_true", help="JSON output")
    command.set_defaults(run=_tasks)

    command = commands.add_parser("departments", help="单位及任务数；merge 合并两个单位 (departments)")
    command.add_argument("--groups", action="store_true", help="也列出集合名称 (include groups like 各乡镇)")
    command.add_argument("--as-of", metavar="DATE", type=_iso_date)
    command.set_defaults(run=_departments)
    command.add_argument("--suspect", dest="run", action="store_const", const=_suspects,
                         help="疑似笔误的单位及其可能所指 (names that look like a typo of another department)")
    actions = command.add_subparsers(dest="action", metavar="ACTION")
    merge = actions.add_parser("merge", help="把 ABSORB 并入 KEEP，保留全部分工 (merge ABSORB into KEEP)")
    merge.add_argument("keep", metavar="KEEP")
    merge.add_argument("absorb", metavar="ABSORB")
    merge.set_defaults(run=_merge)
    typo = actions.add_parser("typo", help="TYPO 是 OF 的笔误：并入 OF，TYPO 留作别名 (TYPO is a misspelling of OF)")
    typo.add_argument("typo", metavar="TYPO")
    typo.add_argument("of", metavar="OF")
    typo.set_defaults(run=_typo)
    confirm = actions.add_parser("confirm", help="确认 NAME 是独立的单位，不再提示疑似笔误 (NAME is a body of its own)")
    confirm.add_argument("name", metavar="NAME")
    confirm.set_defaults(run=_confirm)

    command = commands.add_parser("county", help="登记册所属县：不带参数时显示 (the registry's county; shown without NAME)")
    command.add_argument("name", metavar="NAME", nargs="?", help="例如 平顺县")
    command.set_defaults(run=_county)

    command = commands.add_parser("export", help="导出 Excel 台账或单位进展填报表 (export an Excel ledger)")
    command.add_argument("--xlsx", metavar="PATH", required=True, help="输出文件 (.xlsx)")
    command.add_argument("--dept", metavar="NAME", help="只导出该单位的任务 (one department, any alias)")
    command.add_argument("--plan", metavar="NUMBER", help="只导出该文件的任务 (one plan, by number)")
    command.add_argument("--one-sheet", action="store_true", help="全部任务放在一个工作表 (one sheet for all)")
    command.add_argument("--as-of", metavar="DATE", type=_iso_date, help="以该日计算逾期 (YYYY-MM-DD; default today)")
    command.add_argument("--for-update", action="store_true",
                         help="导出供单位填报的进展填报表，需 --dept (status sheet for a department to fill in)")
    command.set_defaults(run=_export)

    command = commands.add_parser("import-updates", help="导入单位填好的进展填报表 (import filled status sheets)")
    command.add_argument("paths", nargs="+", metavar="FILE.xlsx")
    command.add_argument("--who", metavar="NAME", default="", help="填报人 (who reported; default blank)")
    command.set_defaults(run=_import_updates)

    command = commands.add_parser("report", help="逾期周报 PDF，无需图形界面 (weekly overdue report as PDF)")
    command.add_argument("--week", metavar="DATE", type=_iso_date, required=True,
                         help="该周任一日期 (any day of the ISO week, e.g. 2023-11-06)")
    command.add_argument("--pdf", metavar="PATH", required=True)
    command.add_argument("--county", metavar="NAME", help="标题中的县名 (county in the title)")
    command.set_defaults(run=_report)

    command = commands.add_parser("notice", help="三色督办单：发单并导出 PDF，或列出应督办任务 (supervision notices)")
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--task", metavar="ID", type=int, help="为该任务发督办单 (issue a notice for task ID)")
    which.add_argument("--list", action="store_true", help="列出现在应发督办单的任务及颜色 (list candidates)")
    command.add_argument("--pdf", metavar="PATH", help="督办单 PDF 输出文件 (required with --task)")
    command.add_argument("--colour", "--color", metavar="蓝|黄|红", type=_notice_colour,
                         help="督办单颜色，只能高于应发颜色 (raise the computed colour; never lower)")
    command.add_argument("--dept", metavar="NAME", help="致送单位，默认牵头单位 (addressee; default the lead unit)")
    command.add_argument("--as-of", metavar="DATE", type=_iso_date, help="以该日计算并签发 (YYYY-MM-DD; default today)")
    command.add_argument("--by", metavar="NAME", default="", help="签发人 (issued by)")
    command.add_argument("--reply-by", metavar="DATE", type=_iso_date,
                         help="反馈期限，节假日安排尚未收录的年份须指定 (YYYY-MM-DD; default counted in working days)")
    command.set_defaults(run=_notice)

    command = commands.add_parser("backup", help="备份登记册（含佐证材料）(back up the registry)")
    command.add_argument("path", metavar="PATH", help="备份文件或文件夹 (a .zip; .dump for a server registry)")
    command.set_defaults(run=_backup)

    command = commands.add_parser("restore", help="从备份恢复登记册，原登记册另存 (restore the registry from a backup)")
    command.add_argument("path", metavar="PATH", help="duban backup 写的备份文件 (a backup file)")
    command.set_defaults(run=_restore)
    _account_parsers(commands)
    _review_parsers(commands)
    server_commands.add_parsers(commands, _new_password)

    command = commands.add_parser("audit", help="审计记录，仅督查室 (the audit log; office only)")
    command.add_argument("--limit", metavar="N", type=int, default=50, help="最多列出条数 (default 50)")
    command.add_argument("--action", metavar="A", help="只列该类别，如 status_update、import、merge")
    command.add_argument("--who", metavar="U", help="只列该账户的操作 (one account's changes)")
    command.add_argument("--json", action="store_true", help="JSON output")
    command.set_defaults(run=_audit)

    command = commands.add_parser("gui", help="打开督办台窗口（默认）(open the desktop window; the default)")
    command.add_argument("--as-of", metavar="DATE", type=_iso_date, help="以该日计算逾期 (review a past week)")
    command.set_defaults(run=_gui)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


_COLOUR_WORDS = {"蓝": "蓝", "蓝色": "蓝", "blue": "蓝", "黄": "黄", "黄色": "黄", "yellow": "黄",
                 "红": "红", "红色": "红", "red": "红"}


def _notice_colour(text: str) -> str:
    try:
        return _COLOUR_WORDS[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"督办单颜色应为 蓝、黄 或 红：{text}") from None


def _registry_error_types() -> tuple[type[BaseException], ...]:
    from models.errors import RegistryError
    return (RegistryError,)


def _user_error_types() -> tuple[type[BaseException], ...]:
    from models.errors import UserError
    return (UserError,)


def _input_error_types() -> tuple[type[BaseException], ...]:
    """A value or name the person gave that cannot be used: reported where it was given
    (a refused sign-in or an unusable registry goes on to main's own exit codes)."""
    from models.errors import InvalidInput, NotFound
    from models.paper.ledger import SheetFileError
    return (InvalidInput, NotFound, SheetFileError)


def _denied_error_types() -> tuple[type[BaseException], ...]:
    from models.access.accounts import AuthenticationError
    from models.errors import PermissionDenied
    return (PermissionDenied, AuthenticationError)


def _open(args: argparse.Namespace, create: bool = False) -> Actor:
    """Open the registry and sign in: the one place the command line decides who acts.

    Every command that reads or writes the registry opens it here, so none
    runs unsigned once accounts exist, nor ever on a server: the actor is
    ``--user`` with its password, else the computer's user while the registry
    has no account, else a refusal (SignInRequired, exit 77). On a server the
    connection is the sign-in: ``--user`` connects as that account's role
    (:func:`_sign_in_to_server`). What the actor may then see is decided by
    models.supervision.listing.load_task_table, to which every listing, export
    and report hands it. Only `import` and `restore` may create a registry (a
    mistyped --db path must not quietly become an empty one); `account add` of
    the first account alone opens it unsigned (:func:`_open_unsigned`).
    """
    _open_unsigned(args, create)
    return _sign_in(args)


def _open_unsigned(args: argparse.Namespace, create: bool = False) -> Path:
    from models.registry.database import open_existing_registry, open_registry
    from models.registry.dialect import is_server_url
    path = _location(args)
    if is_server_url(path) and args.user:
        _sign_in_to_server(str(path), args.user)
        return path
    if is_server_url(path) and urlsplit(str(path)).username is None:
        # The address handed out names no one: each person connects as their own account.
        from models.access.actor import SignInRequired
        raise SignInRequired("服务器登记册须以账户登录 (a server registry needs a sign-in)")
    (open_registry if create else open_existing_registry)(path)
    return path


def _location(args: argparse.Namespace):
    from models.registry.database import resolve_registry_path
    return resolve_registry_path(args.db)


def _sign_in_to_server(url: str, user: str) -> None:
    """Connect as ``user``'s role: the password from $DUBAN_PASSWORD, else libpq's ~/.pgpass,
    else asked on the terminal. Duban never keeps it."""
    from models.access.accounts import AuthenticationError, sign_in_to_server

    try:
        sign_in_to_server(url, user, os.environ.get(PASSWORD_VARIABLE))
    except AuthenticationError as error:
        if error.kind != "no_password":
            raise
        sign_in_to_server(url, user, _password(user, also="、写入 ~/.pgpass"))


# -- extract ---------------------------------------------------------------

def _extract(args: argparse.Namespace) -> int:
    from importers.pipeline import extract_file

    status = EXIT_OK
    for path in args.paths:
        try:
            extracted = extract_file(path)
        except ImportFileError as error:
            print(f"duban: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        if args.jsonl:
            for task in extracted.tasks:
                print(json.dumps(task.to_json(), ensure_ascii=False))
        else:
            _print_plans(extracted)
        _print_warnings(extracted)
    return status


def _print_plans(extracted: ExtractedFile) -> None:
    print(f"{extracted.source}（{extracted.encoding}）")
    quiet = 0
    for document in extracted.documents:
        if not document.tasks and not document.warnings:
            quiet += 1
            continue
        no_unit = sum(1 for task in document.tasks if not task.units)
        no_deadline = sum(1 for task in document.tasks if not _has_deadline(task.deadline))
        print(f"  {document.number or '（无文号）'}  {document.title or ''}")
        print(f"      {_counts(len(document.tasks), no_unit, no_deadline, document.warnings)}")
    if not extracted.tasks:
        print("  没有识别出任务")
    elif quiet:
        print(f"  另有 {quiet} 个文件没有任务（通知、办法等）")


def _counts(tasks: int, no_unit: int, no_deadline: int, warnings) -> str:
    from importers.records import mark

    counts = f"任务 {tasks}，无责任单位 {no_unit}，无完成时限 {no_deadline}" if tasks else "任务 0"
    return counts + (f"  {mark(tasks)}（{len(warnings)} 处，见警告）" if warnings else "")


def _print_warnings(extracted: ExtractedFile) -> None:
    """One line per place that promised tasks and gave none, on stderr (stdout may be JSON Lines)."""
    from importers.diagnostics import file_warnings

    lines = file_warnings(extracted)
    if lines:
        sys.stdout.flush()            # after the file's own lines on a terminal
    for line in lines:
        print(f"duban: 警告：{line}", file=sys.stderr)


def _has_deadline(deadline) -> bool:
    return bool(deadline.due or deadline.recurrence or deadline.ongoing)


# -- import ----------------------------------------------------------------

def _import(args: argparse.Namespace) -> int:
    from importers.batch import extract_files
    from importers.pipeline import readable_path
    from models.upkeep.importing import store_extracted

    _before_writing(_open(args, create=True), "导入方案")
    bar = _ProgressBar(enabled=not args.quiet and sys.stderr.isatty())
    status = EXIT_OK
    no_tasks = False
    labels = [f"[{number}/{len(args.paths)}] {Path(readable_path(path)).name}"
              for number, path in enumerate(args.paths, 1)]
    extracting = extract_files(args.paths, progress=lambda index, done, total: bar.show(
        f"{labels[index]} 提取", done, total))
    try:
        for number, (label, (_, extracted)) in enumerate(zip(labels, extracting), 1):
            if isinstance(extracted, ImportFileError):
                bar.clear()
                print(f"duban: {extracted}", file=sys.stderr)
                status = EXIT_INPUT
                continue
            try:
                summary = store_extracted(extracted, progress=lambda done, total: bar.show(f"{label} 写入", done, total))
            except _registry_error_types() as error:
                bar.clear()
                # (the files above are in the registry; this one and the rest are not: say which)
                rest = "（其后的文件也未导入）" if number < len(labels) else ""
                print(f"duban: {extracted.source}：未导入{rest}：{error}", file=sys.stderr)
                return EXIT_REGISTRY
            bar.clear()
            _print_summary(summary)
            _print_warnings(extracted)
            if not extracted.tasks:
                no_tasks = True
                print(f"duban: {extracted.source}：没有识别出任何任务（退出码 {EXIT_NO_TASKS}）", file=sys.stderr)
    finally:
        extracting.close()                   # (a failure or Ctrl-C ends the files still being read)
    print(f"登记册：{_location(args)}")
    return EXIT_NO_TASKS if no_tasks and status == EXIT_OK else status


def _print_summary(summary) -> None:
    if summary.tasks_found == 0:
        print(summary.message)
    elif summary.outcome == "unchanged":
        print(f"{summary.source}：内容未变，已导入过，登记册没有改动 (already imported, nothing changed)")
        return
    else:
        verb = {"imported": "已导入", "updated": "已更新"}.get(summary.outcome, summary.outcome)
        print(f"{summary.source}：{verb}，任务 {summary.tasks_found} 项"
              f"（新增 {summary.added}，更新 {summary.updated}，未变 {summary.unchanged}，"
              f"撤销 {summary.withdrawn + summary.deleted}）")
    for plan in summary.plans:
        if not plan.tasks_found and not plan.warnings:
            continue
        print(f"  {plan.number or '（无文号）'}  {plan.title or ''}")
        print(f"      {_counts(plan.tasks_found, plan.tasks_without_unit, plan.tasks_without_deadline, plan.warnings)}")


class _ProgressBar:
    """A one-line progress bar on a terminal's stderr; silent elsewhere."""

    def __init__(self, enabled: bool, width: int = 24) -> None:
        self.enabled, self.width = enabled, width

    def show(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if not total:                      # how much there is not known yet: the label alone
            sys.stderr.write(f"\r\033[K{label} …")
            sys.stderr.flush()
            return
        filled = int(self.width * done / total)
        sys.stderr.write(f"\r\033[K{label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


# -- tasks and departments ---------------------------------------------------

def _tasks(args: argparse.Namespace) -> int:
    from models.supervision.queries import task_rows
    from models.supervision.workflow import extended_originals

    actor = _open(args)
    try:
        rows = task_rows(department=args.dept, overdue_only=args.overdue, as_of=args.as_of, plan=args.plan,
                         actor=actor)
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        originals = extended_originals()
        print(json.dumps([_row_json(row, originals.get(row.id, row.current_deadline)) for row in rows],
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    for row in rows:
        deadline = chinese_date(row.current_deadline) if row.current_deadline else (row.deadline_text or "—")
        units = "、".join(row.lead + row.responsible) or "—"
        print(f"{row.plan_number or ''} {row.seq or ''}\t{row.state}\t{deadline}\t{units}\t{_short(row.text)}")
    print(f"共 {len(rows)} 项", file=sys.stderr)
    return EXIT_OK


def _row_json(row, original_deadline: date | None) -> dict:
    """One task for --json; ``original_deadline`` differs from the deadline only after an approved extension."""
    return {
        "id": row.id, "plan_number": row.plan_number, "plan_title": row.plan_title, "seq": row.seq,
        "text": row.text, "lead": list(row.lead), "responsible": list(row.responsible),
        "cooperating": list(row.cooperating),
        "deadline": row.current_deadline.isoformat() if row.current_deadline else None,
        "original_deadline": original_deadline.isoformat() if original_deadline else None,
        "deadline_text": row.deadline_text, "recurrence": row.recurrence, "status": row.status,
        "progress": row.progress, "state": row.state,
        "last_update": row.last_update.isoformat(sep=" ") if row.last_update else None,
    }


def _departments(args: argparse.Namespace) -> int:
    from models.supervision.listing import ROLE_NAMES, TALLY_ROLES, load_task_table

    from models.access.permissions import visible_department

    actor = _open(args)
    table = load_task_table(actor=actor)
    for tally in table.tallies(table.states(args.as_of or date.today())):
        if tally.is_group and not args.groups:
            continue
        print(f"{tally.name}\t任务 {tally.total}\t逾期 {tally.overdue}\t即将到期 {tally.due_soon}\t已完成 {tally.done}")
    own = "只计本单位承办的任务（督查室设定联络员仅看本单位）；" if visible_department(actor) is not None else ""
    print(f"任务数：{own}{'、'.join(ROLE_NAMES[role] for role in TALLY_ROLES)}均计入，每项任务计一次；"
          "逾期最多的单位在前", file=sys.stderr)
    return EXIT_OK


def _merge(args: argparse.Namespace, typo: bool = False) -> int:
    from models.upkeep.department_changes import merge_departments, merge_preview

    keep, absorb = (args.of, args.typo) if typo else (args.keep, args.absorb)
    _before_writing(_open(args), "标记笔误" if typo else "合并单位")
    try:
        moved = merge_preview(keep, absorb)
        kept = merge_departments(keep, absorb, typo=typo)
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"已合并：“{absorb}”{'是笔误，' if typo else ''}并入“{kept.name}”，其分工全部保留")
    for line in moved.describe()[1:]:
        print(f"  {line}")
    return EXIT_OK


def _typo(args: argparse.Namespace) -> int:
    return _merge(args, typo=True)


def _suspects(args: argparse.Namespace) -> int:
    from models.registry.counties import county_label
    from models.registry.departments import suspect_departments

    from models.access.permissions import require_sees_all

    require_sees_all(_open(args), "查看全部单位")
    suspects = suspect_departments()
    for suspect in suspects:
        likely, *others = (name for _ident, name in suspect.matches)
        also = f"（或 {'、'.join(others)}）" if others else ""
        print(f"{county_label(suspect.county)}\t{suspect.name}\t任务 {suspect.tasks}\t疑似笔误：{likely}{also}")
    print(f"共 {len(suspects)} 个疑似笔误的单位；是笔误的用 duban departments typo 名称 正确名称 合并，"
          "不是的用 duban departments confirm 名称 确认", file=sys.stderr)
    return EXIT_OK


def _confirm(args: argparse.Namespace) -> int:
    from models.upkeep.department_changes import confirm_department

    _open(args)
    try:
        confirmed = confirm_department(args.name)
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"已确认“{confirmed.name}”是独立的单位")
    return EXIT_OK


def _county(args: argparse.Namespace) -> int:
    from models.registry.counties import registry_county
    from models.registry.department_overview import counties
    from models.upkeep.department_changes import set_registry_county

    _open(args)
    if args.name is not None:
        change = set_registry_county(args.name)
        adopted = f"；{change.adopted} 个未分县的单位归入本县" if change.adopted else ""
        print(f"登记册所属县：{change.county}{adopted}")
        return EXIT_OK
    county = registry_county()
    print(f"登记册所属县：{county}" if county else "登记册尚未设定所属县（duban county 县名）")
    others = [name for name in counties() if name != county]
    if others:
        print(f"另有单位属于：{'、'.join(others)}")
    return EXIT_OK


# -- Excel ledgers ----------------------------------------------------------------

def _export(args: argparse.Namespace) -> int:
    from models.paper.ledger import export_ledger, export_status_sheet

    if args.for_update and not args.dept:
        print("duban: --for-update 需要 --dept 指明填报单位 (a status sheet is for one department)", file=sys.stderr)
        return EXIT_USAGE
    if args.for_update and args.one_sheet:
        print("duban: --for-update 与 --one-sheet 不能同时使用", file=sys.stderr)
        return EXIT_USAGE
    actor = _open(args)
    try:
        if args.for_update:
            summary = export_status_sheet(args.xlsx, args.dept, plan=args.plan, as_of=args.as_of, actor=actor)
        else:
            summary = export_ledger(args.xlsx, department=args.dept, plan=args.plan, one_sheet=args.one_sheet,
                                    as_of=args.as_of, actor=actor)
    except _input_error_types() as error:      # an unknown department or plan, a sheet that cannot be written
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    kind = "进展填报表" if args.for_update else "台账"
    print(f"已导出{kind}：{summary.path}（{len(summary.sheets)} 个工作表，{summary.rows} 行）")
    return EXIT_OK


def _import_updates(args: argparse.Namespace) -> int:
    from models.paper.ledger import SheetFileError
    from models.paper.ledger_updates import import_status_sheet

    _before_writing(_open(args), doing=None)
    status = EXIT_OK
    for path in args.paths:
        try:
            result = import_status_sheet(path, who=args.who)
        except SheetFileError as error:
            print(f"duban: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        except _input_error_types() as error:
            print(f"duban: {path}: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        print(f"{result.path.name}（{result.department}，{chinese_date(result.exported_at.date())}导出）："
              f"导入进展 {len(result.applied)} 条，未改动 {result.unchanged} 行，"
              f"此前已导入 {result.already_applied} 行，未导入 {len(result.problems)} 行")
        for problem in result.problems:
            print(f"  {problem}")
        if result.problems:
            status = EXIT_INPUT
    return status


def _report(args: argparse.Namespace) -> int:
    from desktop.paper_commands import report_command   # ReportLab only for this command
    return report_command(args.week, args.pdf, args.county, _open(args))


def _notice(args: argparse.Namespace) -> int:
    if args.list:
        if args.pdf or args.colour or args.dept or args.by or args.reply_by:
            print("duban: --list 只能与 --as-of 同用 (--list takes only --as-of)", file=sys.stderr)
            return EXIT_USAGE
        return _notice_list(args)
    if not args.pdf:
        print("duban: 发督办单需要 --pdf 指明输出文件 (--task needs --pdf)", file=sys.stderr)
        return EXIT_USAGE
    from models.access.permissions import require_office

    actor = _open(args)
    require_office(actor, "签发督办单")     # before the PDF's path is probed
    from desktop.paper_commands import notice_command   # ReportLab only for the PDF
    return notice_command(args.task, args.pdf, args.colour, args.dept, args.as_of, args.by, actor,
                          reply_by=args.reply_by)


def _notice_list(args: argparse.Namespace) -> int:
    from models.paper.notices import candidates

    actor = _open(args)
    try:
        found = candidates(args.as_of, actor=actor)
    except _input_error_types() as error:       # a working-day window outside the calendar's years
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    for item in found:
        print(f"{item.colour}\t{item.task_id}\t{item.plan} {item.seq}\t{item.department or '—'}\t"
              f"{item.reason}\t{_short(item.text)}")
    counts = "，".join(f"{colour} {sum(1 for item in found if item.colour == colour)}" for colour in "红黄蓝")
    print(f"应督办 {len(found)} 项（{counts}）", file=sys.stderr)
    return EXIT_OK


# -- backups ----------------------------------------------------------------------

def _before_writing(actor: Actor, doing: str | None) -> None:
    """The right to write first, then today's automatic backup: a command the person may not
    run writes nothing, not even the backup (a copy of every password hash).

    ``doing``: what only the office may do; None for what a liaison may do too
    (the domain then checks each task). A failed backup is one line, never a stop.
    """
    from models.access.permissions import require_office, require_writer
    from models.upkeep.backup import daily_backup

    if doing is None:
        require_writer(actor)
    else:
        require_office(actor, doing)
    outcome = daily_backup(actor=actor)
    if outcome is not None and outcome.problem:
        print(f"duban: {outcome.problem}", file=sys.stderr)


def _backup(args: argparse.Namespace) -> int:
    from models.upkeep.backup import BackupError, make_backup

    _open(args)
    try:
        summary = make_backup(args.path)
    except BackupError as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    evidence = f"，佐证材料 {summary.evidence_files} 个" if summary.backend == "sqlite" else ""
    print(f"已备份登记册到 {summary.path}（任务 {summary.tasks} 项{evidence}，"
          f"{summary.size / 1_048_576:.1f} MB，用时 {summary.seconds:.1f} 秒）")
    for member in summary.missing_evidence:
        print(f"duban: 登记册记载的佐证材料已不在文件夹中，未能备份：{member}", file=sys.stderr)
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from models.upkeep.backup import BackupError, inspect_backup, restore_backup

    try:
        # Checked before the registry is opened: a bad backup must not even
        # create (or migrate) the registry it was meant for.
        inspect_backup(args.path)
        _open(args, create=True)
        summary = restore_backup(args.path)
    except BackupError as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    migrated = (f"，已由结构版本 {summary.schema_version} 升级到 {summary.migrated_to}"
                if summary.migrated_to != summary.schema_version else "")
    evidence = f"，佐证材料 {summary.evidence_files} 个" if summary.evidence_files else ""
    print(f"已从 {summary.source} 恢复登记册{evidence}{migrated}（用时 {summary.seconds:.1f} 秒）")
    print(f"恢复前的登记册已另存为 {summary.safety_copy}")
    return EXIT_OK


# -- accounts and the audit log ----------------------------------------------------

def _account_parsers(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("account", help="账户管理 (accounts: add, list, passwd, disable, enable, scope)")
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="新建账户；第一个账户须为 office，无需 --user (create an account)")
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--role", required=True, choices=("office", "liaison", "leader"),
                     help="office 督查室, liaison 单位联络员, leader 领导（只读）")
    add.add_argument("--dept", metavar="NAME", help="联络员所属单位 (a liaison's department, any alias)")
    add.add_argument("--name", metavar="显示名", default="", help="显示名，写入进展记录 (display name)")
    add.set_defaults(run=_account_add)
    listing = actions.add_parser("list", help="列出账户 (list accounts)")
    listing.set_defaults(run=_account_list)
    passwd = actions.add_parser("passwd", help="修改密码：本人或督查室 (change a password)")
    passwd.add_argument("username", metavar="USERNAME")
    passwd.set_defaults(run=_account_passwd)
    for verb, active, text in (("disable", False, "停用账户"), ("enable", True, "启用账户")):
        switch = actions.add_parser(verb, help=f"{text} ({verb} an account)")
        switch.add_argument("username", metavar="USERNAME")
        switch.set_defaults(run=_account_active, active=active)
    unlock = actions.add_parser("unlock", help="解锁登录失败过多的账户：督查室 (unlock after failed sign-ins)")
    unlock.add_argument("username", metavar="USERNAME")
    unlock.set_defaults(run=_account_unlock)
    scope = actions.add_parser("scope", help="联络员可见范围：all 全部任务，own 本单位任务 (what liaisons see)")
    scope.add_argument("scope", nargs="?", choices=("all", "own"))
    scope.set_defaults(run=_account_scope)


def _password(user: str, also: str = "") -> str:
    """The sign-in password: $DUBAN_PASSWORD, else asked on the terminal (never an argument).
    ``also``: another place the password may come from, for the message when there is no terminal."""
    from models.access.accounts import AuthenticationError

    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise AuthenticationError(f"需要 {user} 的密码：请设置 ${PASSWORD_VARIABLE}{also}或在终端中运行 (no password)")
    return getpass.getpass(f"{user} 的密码 (password): ")


def _new_password() -> str:
    """A new password: $DUBAN_NEW_PASSWORD, else asked twice on the terminal."""
    from models.errors import InvalidInput

    given = os.environ.get(NEW_PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise InvalidInput(f"请设置 ${NEW_PASSWORD_VARIABLE} 或在终端中运行以输入新密码 (no new password)")
    first = getpass.getpass("新密码 (new password): ")
    if getpass.getpass("再次输入新密码 (again): ") != first:
        raise InvalidInput("两次输入的密码不一致 (passwords differ)")
    return first


def _sign_in(args: argparse.Namespace) -> Actor:
    """The actor this command acts as: ``--user`` signed in, else the zero-setup user (or a refusal)."""
    from models.access.accounts import authenticate
    from models.access.actor import sign_in, signed_in
    from models.registry.dialect import is_postgres

    if args.user and is_postgres():
        return signed_in()          # _open connected as the account: that was the sign-in
    if args.user:
        actor = authenticate(args.user, _password(args.user))
        sign_in(actor)
        return actor
    return signed_in()


def _sign_out() -> None:
    from models.access.actor import sign_out
    sign_out()


def _sign_in_hint(error: BaseException, args: argparse.Namespace) -> str:
    from models.access.actor import SignInRequired
    return "：请用 --user NAME 指定账户" if isinstance(error, SignInRequired) and not args.user else ""


def _account_add(args: argparse.Namespace) -> int:
    from models.access.actor import ACCOUNT_ROLE_LABELS
    from models.access.accounts import create_account
    from models.access.permissions import require_office
    from models.registry.schema import Account

    _open_unsigned(args, create=True)       # the first account may come before the first import
    actor = None
    if args.user or Account.select().exists():    # not the bootstrap: refuse before asking for a password
        actor = _sign_in(args)
        require_office(actor, "新建账户")
    try:
        account = create_account(args.username, _new_password(), args.role, department=args.dept,
                                 display_name=args.name, actor=actor)
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"已新建{ACCOUNT_ROLE_LABELS[account.role]}账户 {account.username}")
    return EXIT_OK


def _account_list(args: argparse.Namespace) -> int:
    from models.access.accounts import list_accounts

    for account in list_accounts(_open(args)):
        state = ("" if account.active else "\t已停用") + ("\t已锁定" if account.locked else "")
        print(f"{account.username}\t{account.role_label}\t{account.department or '—'}\t"
              f"{account.display_name or '—'}{state}")
    return EXIT_OK


def _account_change(args: argparse.Namespace, change, done: str) -> int:
    """Sign in, apply ``change(actor)`` to one account, say ``done``; a refused value is one line."""
    actor = _open(args)
    try:
        change(actor)
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(done)
    return EXIT_OK


def _account_passwd(args: argparse.Namespace) -> int:
    from models.access.accounts import set_password

    return _account_change(args, lambda actor: set_password(args.username, _new_password(), actor=actor),
                           f"已修改账户 {args.username} 的密码")


def _account_active(args: argparse.Namespace) -> int:
    from models.access.accounts import set_active

    return _account_change(args, lambda actor: set_active(args.username, args.active, actor=actor),
                           f"已{'启用' if args.active else '停用'}账户 {args.username}")


def _account_unlock(args: argparse.Namespace) -> int:
    from models.access.accounts import unlock

    actor = _open(args)
    try:
        was_locked = unlock(args.username, actor=actor)
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"已解锁账户 {args.username}" if was_locked else f"账户 {args.username} 未被锁定")
    return EXIT_OK


def _account_scope(args: argparse.Namespace) -> int:
    from models.access.permissions import liaisons_see_all
    from models.access.accounts import set_liaisons_see_all

    actor = _open(args)
    if args.scope is not None:
        set_liaisons_see_all(args.scope == "all", actor=actor)
    print("联络员可查看全部任务 (all)" if liaisons_see_all() else "联络员只能查看本单位任务 (own)")
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from models.access.audit import ACTIONS, entries

    if args.action and args.action not in ACTIONS:
        print(f"duban: 审计类别应为 {'、'.join(ACTIONS)} 之一：{args.action}", file=sys.stderr)
        return EXIT_USAGE
    found = entries(_open(args), limit=args.limit, action=args.action, who=args.who)
    if args.json:
        print(json.dumps([{"id": entry.id, "at": entry.at.isoformat(sep=" "), "actor": entry.actor,
                           "action": entry.action, "target": entry.target, "before": entry.before,
                           "after": entry.after, "summary": entry.summary} for entry in found],
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    for entry in found:
        print(f"{entry.at:%Y-%m-%d %H:%M:%S}\t{entry.actor}\t{entry.action_label}\t{entry.target}\t{entry.summary}")
    print(f"共 {len(found)} 条", file=sys.stderr)
    return EXIT_OK


# -- 导入审核 and the office's corrections (models/upkeep/review.py, editing.py) ---------


def _review_parsers(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "review", help="导入审核：列出有标记的任务及原文行，或标记已审核 (review an import)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="不写 PLAN 时列出待审核的文件。标记：无责任单位、无完成时限、新单位、疑似非任务、单位含人名。")
    command.add_argument("plan", nargs="?", metavar="PLAN", help="文号或文件编号 (plan number or id)")
    command.add_argument("--done", action="store_true", help="标记为已审核 (mark reviewed; office only)")
    command.add_argument("--all", action="store_true", help="列出全部任务，不只有标记的 (every task)")
    command.set_defaults(run=_review)

    command = commands.add_parser("task", help="修改、新增、撤销任务，仅督查室 (correct tasks; office only)")
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    edit = actions.add_parser("edit", help="修改任务的内容、单位或完成时限 (edit a task)")
    edit.add_argument("task_id", metavar="ID", type=int)
    _task_fields(edit)
    edit.add_argument("--recurrence", metavar="PHRASE", help="周期，如 每月5日前；留空清除 (recurrence; \"\" clears)")
    edit.add_argument("--ongoing", action=argparse.BooleanOptionalAction, default=None,
                      help="长期任务（无完成日期）(ongoing, no due date)")
    edit.set_defaults(run=_task_edit)
    add = actions.add_parser("add", help="从原文行新增导入时漏掉的任务 (add a task from source lines)")
    add.add_argument("--plan", metavar="NUMBER", required=True, help="文号或文件编号")
    add.add_argument("--lines", metavar="A-B", required=True, type=_line_range, help="原文行号，如 120-123")
    _task_fields(add)
    add.set_defaults(run=_task_add)
    withdraw = actions.add_parser("withdraw", help="撤销不是任务的条目，保留记录 (withdraw, never delete)")
    withdraw.add_argument("task_id", metavar="ID", type=int)
    withdraw.add_argument("--reason", metavar="原因", required=True, help="撤销原因，如 阶段标题")
    withdraw.set_defaults(run=_task_withdraw)


def _task_fields(command: argparse.ArgumentParser) -> None:
    command.add_argument("--text", metavar="T", help="任务内容 (text)")
    for role, label in (("lead", "牵头单位"), ("responsible", "责任单位"), ("cooperating", "配合单位")):
        command.add_argument(f"--{role}", metavar="甲、乙", help=f"{label}，用 、 或逗号分隔；留空清除")
    command.add_argument("--deadline", metavar="DATE|PHRASE",
                         help="完成时限：2023-12-31，或 12月底前、长期坚持 等；留空清除")
    command.add_argument("--create-departments", action="store_true",
                         help="登记册里没有的单位名称新建为单位 (create unknown units)")


def _line_range(text: str) -> tuple[int, int]:
    first, _, last = text.replace("–", "-").replace("—", "-").partition("-")
    try:
        return int(first), int(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(f"行号应为 A-B，如 120-123：{text}") from None


def _review(args: argparse.Namespace) -> int:
    from models.upkeep.review import mark_reviewed, plan_review, unreviewed_plans

    from models.access.permissions import require_sees_all

    actor = _open(args)
    require_sees_all(actor, "查看导入审核")
    if args.plan is None:
        if args.done:
            print("duban: --done 需要指明文件 (which plan?)", file=sys.stderr)
            return EXIT_USAGE
        waiting = unreviewed_plans()
        for plan_id, number, title, flagged in waiting:
            print(f"{plan_id}\t{number or '（无文号）'}\t有标记 {flagged} 项\t{title or ''}")
        print(f"待审核 {len(waiting)} 个文件", file=sys.stderr)
        return EXIT_OK
    if args.done:
        _before_writing(actor, "标记方案已审核")
        mark_reviewed(args.plan, actor=actor)
    review = plan_review(args.plan, actor=actor)
    _print_review(review, every=args.all and not args.done)
    return EXIT_OK


def _print_review(review, every: bool) -> None:
    """The plan, its flag counts, and each flagged task (or every one) with its source lines."""
    state = review.state + (f"（{review.reviewed_by}，{review.reviewed_at:%Y-%m-%d %H:%M}）"
                            if review.reviewed_at else "")
    print(f"{review.number or '（无文号）'}  {review.title or ''}  {state}")
    counts = "，".join(f"{flag} {count}" for flag, count in review.flag_counts.items())
    live = sum(1 for task in review.tasks if not task.withdrawn)
    print(f"任务 {live} 项（另撤销 {len(review.tasks) - live} 项）；{counts}")
    if not review.lines:
        print("（此方案导入时未保存原文：重新导入同一文件后即可对照原文审核）")
    shown = [task for task in review.tasks if every or task.flags or task.differences]
    for task in shown:
        print()
        _print_review_task(review, task)
    print(f"列出 {len(shown)} 项", file=sys.stderr)


def _print_review_task(review, task) -> None:
    marks = "、".join(task.flags) or ("已撤销" if task.withdrawn else "—")
    units = "；".join(f"{label}：{'、'.join(names)}" for label, names in
                     (("牵头", task.lead), ("责任", task.responsible), ("配合", task.cooperating)) if names)
    deadline = (chinese_date(task.deadline) if task.deadline else "长期" if task.ongoing
                else task.recurrence or "—")
    print(f"[{task.id}] {task.seq or ''}  {marks}  {deadline}  {units or '无单位'}")
    print(f"    {_short(task.text, 60)}")
    if task.withdrawn and task.withdrawn_reason:
        print(f"    撤销原因：{task.withdrawn_reason}")
    for difference in task.differences:
        print(f"    重新导入不同（{difference.field}）：督查室 {difference.current} ／ 原文 {difference.extracted}")
    for number in range(task.line_start, task.line_end + 1):
        line = review.line_text(number)
        if line is not None and line.strip():
            print(f"    {number:>5}│ {line.strip()}")


def _task_edit(args: argparse.Namespace) -> int:
    from models.upkeep.editing import edit_task

    actor = _open(args)
    _before_writing(actor, "修改任务")
    if not _task_written(lambda: edit_task(
            args.task_id, actor=actor, text=args.text, lead=args.lead, responsible=args.responsible,
            cooperating=args.cooperating, deadline=args.deadline, recurrence=args.recurrence, ongoing=args.ongoing,
            create_departments=args.create_departments)):
        return EXIT_INPUT
    return _print_task(args.task_id, "已修改")


def _task_add(args: argparse.Namespace) -> int:
    from models.upkeep.editing import add_task

    actor = _open(args)
    _before_writing(actor, "新增任务")
    first, last = args.lines
    added: list[int] = []
    if not _task_written(lambda: added.append(add_task(
            args.plan, first, last, actor=actor, text=args.text, lead=args.lead or (),
            responsible=args.responsible or (), cooperating=args.cooperating or (), deadline=args.deadline,
            create_departments=args.create_departments))):
        return EXIT_INPUT
    return _print_task(added[0], "已新增")


def _task_withdraw(args: argparse.Namespace) -> int:
    from models.upkeep.editing import withdraw_task

    actor = _open(args)
    _before_writing(actor, "撤销任务")
    if not _task_written(lambda: withdraw_task(args.task_id, args.reason, actor=actor)):
        return EXIT_INPUT
    return _print_task(args.task_id, "已撤销")


def _task_written(write) -> bool:
    """Run one correction; a refused value or name is one line (an unknown unit says how to create it)."""
    from models.upkeep.editing import UnknownDepartments

    try:
        write()
    except UnknownDepartments as error:
        print(f"duban: {error}；确认要新建请加 --create-departments", file=sys.stderr)
        return False
    except _input_error_types() as error:
        print(f"duban: {error}", file=sys.stderr)
        return False
    return True


def _print_task(task_id: int, done: str) -> int:
    """The task as the review shows it, after a correction."""
    from models.registry.schema import Task
    from models.upkeep.review import plan_review

    review = plan_review(Task.select(Task.plan).where(Task.id == task_id).scalar())
    print(f"{done}任务 {task_id}（{review.number or review.title or ''}）")
    _print_review_task(review, next(task for task in review.tasks if task.id == task_id))
    return EXIT_OK


def _gui(args: argparse.Namespace) -> int:
    from desktop.app import run_gui
    return run_gui(args.db, getattr(args, "as_of", None))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
