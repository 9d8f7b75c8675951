"""One task across documents: likely duplicates, and links the office confirms.

The same work often appears in a 政府工作报告 分解方案 and again in a
department's plan. :func:`candidate_pairs` proposes pairs of tasks from
different plans that share a lead or responsible unit and whose texts are
highly similar; nothing is linked until the office says so
(:func:`link_tasks`). Linked tasks form a group; a status update on one is
copied to the others by :func:`models.supervision.updates.record_status_update`.

Similarity is the Jaccard index of the character bigrams of the normalised
texts (punctuation and whitespace removed). It was chosen over difflib's
ratio on the seed gazettes: difflib ranked unrelated pairs that share stock
phrases (严格落实…责任 / 全面落实…同责) above a real duplicate (the same
10万亩 农业生产托管 in two 偏关 plans), Jaccard ranked the real ones first;
and being a set measure it allows exact prefix filtering, so 100,000 tasks
are not compared pair by pair.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from math import ceil

from models.access import audit
from models.access.actor import acting, Actor
from models.registry.bulk import gc_paused
from models.registry.counties import county_of_issuer, registry_county
from models.errors import InvalidInput, NotFound, translate_errors
from models.supervision.listing import TaskTable
from models.access.permissions import require_office
from models.registry.schema import Task, TaskLink, db, now

# "Highly similar": at 0.5 a task copied into another plan with a clause
# added or reworded still pairs; unrelated tasks of one department sharing
# stock phrases (推进…工作) stay below (0.33 at most on the seeds).
THRESHOLD = 0.5
DUPLICATE_ROLES = ("lead", "responsible")
_COMMON = 2          # common rarest bigrams a candidate must show before it is compared


@dataclass(frozen=True, slots=True)
class Pair:
    """Two tasks of different plans that may be the same work; ``task_a < task_b``."""

    task_a: int
    task_b: int
    score: float                    # Jaccard index of character bigrams, 0..1
    shared: tuple[int, ...]         # department ids leading or responsible in both


# \W is everything but letters, digits (any script) and "_": punctuation,
# spaces, symbols such as ※ or ①.
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """Letters and digits only (NFKC: full-width Ａ１ become A1), so punctuation and spacing never count."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def bigram_codes(text: str) -> frozenset[int]:
    """The normalised text's character bigrams, each as one int (two UTF-32 code units).

    Built in C from two views of the UTF-32 bytes (pairs at even, then odd
    offsets): three times faster than slicing strings, and ints hash faster.
    A one-character text is its own token.
    """
    raw = normalise_text(text).encode("utf-32-le")
    if len(raw) < 8:
        return frozenset((int.from_bytes(raw, "little"),)) if raw else frozenset()
    even = memoryview(raw[:len(raw) // 8 * 8]).cast("Q")
    odd = memoryview(raw[4:4 + (len(raw) - 4) // 8 * 8]).cast("Q")
    return frozenset(chain(even, odd))


def similarity(a: str, b: str) -> float:
    """Jaccard index of the two texts' bigrams."""
    first, second = bigram_codes(a), bigram_codes(b)
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def candidate_pairs(table: TaskTable, threshold: float = THRESHOLD,
                    exclude: Iterable[tuple[int, int]] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    plan_counties: Mapping[int, str] | None = None) -> list[Pair]:
    """Likely duplicates among the table's tasks, best first.

    A pair is two tasks of different plans of one county, sharing at least
    one lead or responsible department, with bigram Jaccard >= ``threshold``.
    Departments are kept per county (平顺县's 县水利局 is not 偏关县's), but one
    of no county (a registry older than counties) serves every county: through
    it, only tasks of plans of the same county meet. ``plan_counties`` gives
    each plan's county; by default it is read from the open registry (the
    county its issuer names, else the registry's). Pairs already in one
    linked group are left out: ``exclude`` gives the links (task id pairs);
    by default they are read from the open registry.
    ``progress(done, total)`` is called now and then; raising in it cancels.

    The search is exact, with no pair compared needlessly (AllPairs/PPJoin
    prefix filtering): bigrams are ranked rarest first; rows are taken
    shortest first and each probes the rows indexed before it under
    (department, bigram) keys, so only tasks of a common department meeting
    on their rarest bigrams are compared. Two sets whose overlap must be at
    least a share a of their sizes have their k smallest common bigrams
    among the first |x| - a + k of each; with k = 2, a single chance
    shared bigram no longer makes a candidate.
    """
    if not 0 < threshold <= 1:
        raise InvalidInput(f"相似度阈值必须在 0 到 1 之间，而不是 {threshold}")
    group_of = _groups(_all_links() if exclude is None else exclude)
    counties = _plan_counties() if plan_counties is None else plan_counties
    with gc_paused():
        return _search(table, threshold, group_of, counties, progress)


def _units_in_county(table: TaskTable, plan_counties: Mapping[int, str]) -> tuple[list[frozenset[int]], int]:
    """Each row's lead and responsible departments as ints that also say the county they
    work in: its own, or for a department of no county, the county of the row's plan.
    Returns the rows' units and how many counties there are (unit // that = department)."""
    department_county = table.department_counties
    county_number: dict[str, int] = {}
    plan_county = {plan: county_number.setdefault(county, len(county_number))
                   for plan, county in plan_counties.items()}
    for county in department_county.values():
        county_number.setdefault(county, len(county_number))
    unknown = county_number.setdefault("", len(county_number))     # a plan the mapping does not know
    spread = len(county_number)
    lead, responsible = (table.units[role] for role in DUPLICATE_ROLES)
    units: list[frozenset[int]] = []
    own_county: dict[tuple[int, int], int] = {}      # (department, plan's county) -> unit, computed once
    for row, plan in enumerate(table.plan_ids):
        where = plan_county.get(plan, unknown)
        row_units = set()
        for department in chain(lead[row], responsible[row]):
            unit = own_county.get((department, where))
            if unit is None:
                county = department_county.get(department, "")
                unit = own_county[department, where] = department * spread + (
                    county_number[county] if county else where)
            row_units.add(unit)
        units.append(frozenset(row_units))
    return units, spread


def _search(table: TaskTable, threshold: float, group_of: dict[int, int], plan_counties: Mapping[int, str],
            progress: Callable[[int, int], None] | None) -> list[Pair]:
    sets = list(map(bigram_codes, table.texts))
    frequency = Counter(chain.from_iterable(sets))
    # Bigrams as ranks, rarest first (C-level sort): a set's prefix is then its smallest ranks.
    rank = {token: position for position, token in enumerate(sorted(frequency, key=frequency.__getitem__))}
    plans, ids = table.plan_ids, table.ids
    # A unit is a department in a county: tasks of two counties never share one.
    departments_of, spread = _units_in_county(table, plan_counties)
    # One int per (bigram, unit): cheaper to hash than a tuple.
    width = 1
    for row_departments in departments_of:
        width = max(width, max(row_departments, default=0) + 1)
    share = threshold / (1 + threshold)      # overlap needed, as a share of the two sizes summed
    epsilon = 1e-9

    # Shortest first: a row meets only rows no longer than itself, so the
    # index holds a shorter prefix, and rows too short to pair (|y| < t|x|)
    # are cut off each posting list by one bisect (lists hold positions in
    # this order, hence sorted).
    order = sorted((row for row in range(len(sets)) if sets[row] and departments_of[row]),
                   key=lambda row: len(sets[row]))
    sizes = [len(sets[row]) for row in order]
    index: dict[int, list[int]] = {}
    pairs: list[Pair] = []
    total = len(order)
    for position, row in enumerate(order):
        if progress is not None and position % 2000 == 0:
            progress(position, total)
        tokens = sorted(map(rank.__getitem__, sets[row]))
        size = len(tokens)
        keys = [token * width for token in tokens]
        departments = departments_of[row]
        needed = ceil(threshold * size - epsilon)          # overlap needed with any row probed
        common_needed = min(_COMMON, needed)
        shortest = bisect_left(sizes, threshold * size - epsilon)
        chunks: list[list[int]] = []
        for department in departments:
            for key in keys[:size - needed + common_needed]:
                postings = index.get(key + department)
                if postings and postings[-1] >= shortest:
                    start = bisect_left(postings, shortest)
                    chunks.append(postings[start:] if start else postings)
        if chunks:
            own, plan = sets[row], plans[row]
            for other_position, count in Counter(chain.from_iterable(chunks)).items():
                if count < common_needed:
                    continue
                other = order[other_position]
                if plans[other] == plan:
                    continue
                other_tokens = sets[other]
                common = len(own & other_tokens)
                score = common / (size + len(other_tokens) - common)
                if score < threshold - epsilon:
                    continue
                first_id, second_id = sorted((ids[row], ids[other]))
                if group_of.get(first_id, first_id) == group_of.get(second_id, second_id):
                    continue
                shared = {unit // spread for unit in departments & departments_of[other]}
                pairs.append(Pair(first_id, second_id, round(score, 4), tuple(sorted(shared))))
        indexed = size - ceil(2 * share * size - epsilon) + _COMMON
        for key in keys[:indexed]:
            for department in departments:
                postings = index.get(key + department)
                if postings is None:
                    index[key + department] = [position]
                else:
                    postings.append(position)
    if progress is not None:
        progress(total, total)
    pairs.sort(key=lambda pair: (-pair.score, pair.task_a, pair.task_b))
    return pairs




def _groups(links: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Task id -> smallest id of its linked group (union-find over the links)."""
    parent: dict[int, int] = {}

    def root(item: int) -> int:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for first, second in links:
        a, b = root(first), root(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {item: root(item) for item in parent}


def _all_links() -> list[tuple[int, int]]:
    return db.execute_sql("SELECT task_id, other_id FROM task_link").fetchall()


def _plan_counties() -> dict[int, str]:
    """Plan id -> its county: the one its issuer names, else the registry's ("" when neither)."""
    fallback = registry_county()
    return {plan: county_of_issuer(issuer) or fallback
            for plan, issuer in db.execute_sql("SELECT id, issuer FROM plan").fetchall()}


@translate_errors
def link_tasks(a: int, b: int, linked_by: str = "", *, actor: Actor | None = None) -> TaskLink | None:
    """Link two tasks as the same work (the office confirmed it).

    Returns the new link, or None when they are already in one group.
    Raises NotFound for an unknown task, InvalidInput for a task linked
    to itself, PermissionDenied unless ``actor`` (default: the signed-in
    one) is the office.
    """
    if a == b:
        raise InvalidInput("不能把任务与它自己关联")
    first, second = sorted((a, b))
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "关联任务")
        linked_by = linked_by.strip() or (actor.label if actor.account_id is not None else "")
        found = {task.id for task in Task.select(Task.id).where(Task.id.in_([first, second]))}
        for ident in (first, second):
            if ident not in found:
                raise NotFound(f"没有编号为 {ident} 的任务")
        if second in linked_tasks(first):
            return None
        link = TaskLink.create(task=first, other=second, linked_by=linked_by, linked_at=now())
        audit.record(actor, "link", f"task:{first}", None, {"tasks": [first, second], "linked_by": linked_by},
                     f"关联任务 {first} 与 {second}（同一项工作）")
    return link


@translate_errors
def unlink_tasks(a: int, b: int, *, actor: Actor | None = None) -> bool:
    """Remove the direct link between two tasks (office); False if there was none.

    Tasks linked only through a third task stay in one group.
    """
    first, second = sorted((a, b))
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "取消任务关联")
        removed = TaskLink.delete().where((TaskLink.task == first) & (TaskLink.other == second)).execute() > 0
        if removed:
            audit.record(actor, "unlink", f"task:{first}", {"tasks": [first, second]}, None,
                         f"取消任务 {first} 与 {second} 的关联")
    return removed


@translate_errors
def linked_tasks(task_id: int) -> list[int]:
    """The other tasks of the task's linked group (transitively), by id; [] if none."""
    group = {task_id}
    frontier = [task_id]
    while frontier:
        marks = ", ".join("?" * len(frontier))
        found = db.execute_sql(
            f"SELECT task_id, other_id FROM task_link WHERE task_id IN ({marks}) OR other_id IN ({marks})",
            frontier + frontier).fetchall()
        frontier = [ident for pair in found for ident in pair if ident not in group]
        frontier = list(dict.fromkeys(frontier))
        group.update(frontier)
    group.discard(task_id)
    return sorted(group)


@dataclass(frozen=True, slots=True)
class LinkedTask:
    """Another task of a task's linked group, as the task's detail shows it."""

    task_id: int
    plan: str                 # the plan's number, else its title
    seq: str
    text: str
    status: str
    withdrawn: bool
    direct: bool              # linked to the task itself: unlinking them parts the two
    linked_by: str            # of the direct link ("" through another task)
    linked_at: str            # ISO date-time of the direct link ("" through another task)


@translate_errors
def task_links(task_id: int) -> list[LinkedTask]:
    """The other tasks of the task's linked group, its direct links first, then by id; [] if none."""
    others = linked_tasks(task_id)
    if not others:
        return []
    direct = {(first if second == task_id else second): (linked_by, linked_at)
              for first, second, linked_by, linked_at in db.execute_sql(
                  "SELECT task_id, other_id, linked_by, linked_at FROM task_link WHERE task_id = ? OR other_id = ?",
                  (task_id, task_id)).fetchall()}
    marks = ", ".join("?" * len(others))
    rows = db.execute_sql(
        "SELECT task.id, COALESCE(plan.number, plan.title, ''), COALESCE(task.seq, ''), task.text, task.status, "
        f"task.withdrawn FROM task JOIN plan ON plan.id = task.plan_id WHERE task.id IN ({marks})", others).fetchall()
    links = []
    for ident, plan, seq, text, status, withdrawn in rows:
        linked_by, linked_at = direct.get(ident, ("", ""))
        links.append(LinkedTask(ident, plan, seq, text, status, bool(withdrawn), ident in direct,
                                linked_by or "", str(linked_at or "")[:16]))
    links.sort(key=lambda link: (not link.direct, link.task_id))
    return links
