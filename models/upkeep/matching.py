"""Match the tasks of a plan's stored version to those of its corrected version.

Pure function, no database. Passes, each over what earlier passes left:
exact seq + text, exact text (renumbered), same seq with fairly similar text
(reworded), then any pair of highly similar texts (difflib).
"""
from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

SAME_SEQ_SIMILARITY = 0.5   # same number, reworded: a lower bar
SIMILARITY = 0.8            # different number: only near-identical text
# Above this many candidate pairs the last pass is skipped: a plan rewritten
# wholesale is better treated as withdrawn + added than matched slowly.
MAX_SIMILARITY_PAIRS = 250_000

Key = tuple[str | None, str]  # (seq, text)


def _ratio(a: str, b: str, floor: float) -> float:
    """difflib's ratio, with its cheap upper bounds tried first."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def match_tasks(
    old: Sequence[Key],
    new: Sequence[Key],
    same_seq_similarity: float = SAME_SEQ_SIMILARITY,
    similarity: float = SIMILARITY,
) -> dict[int, int]:
    """Map indexes of ``new`` to indexes of ``old``; each old task is used at most once."""
    matched: dict[int, int] = {}
    free_old = set(range(len(old)))

    def exact_pass(key_of: Callable[[Key], object]) -> None:
        by_key: dict[object, deque[int]] = defaultdict(deque)
        for index in sorted(free_old):
            by_key[key_of(old[index])].append(index)
        for new_index, item in enumerate(new):
            if new_index in matched:
                continue
            candidates = by_key.get(key_of(item))
            if candidates:
                old_index = candidates.popleft()
                matched[new_index] = old_index
                free_old.discard(old_index)

    exact_pass(lambda key: key)            # same seq, same text
    exact_pass(lambda key: key[1])         # same text, renumbered

    by_seq: dict[str, list[int]] = defaultdict(list)
    for index in sorted(free_old):
        seq = old[index][0]
        if seq is not None:
            by_seq[seq].append(index)
    for new_index, (seq, text) in enumerate(new):
        if new_index in matched or seq is None:
            continue
        best, best_ratio = None, 0.0
        for old_index in by_seq.get(seq, ()):
            if old_index in free_old:
                ratio = _ratio(old[old_index][1], text, same_seq_similarity)
                if ratio >= same_seq_similarity and ratio > best_ratio:
                    best, best_ratio = old_index, ratio
        if best is not None:
            matched[new_index] = best
            free_old.discard(best)

    free_new = [index for index in range(len(new)) if index not in matched]
    if free_new and free_old and len(free_new) * len(free_old) <= MAX_SIMILARITY_PAIRS:
        pairs: list[tuple[float, int, int]] = []
        for new_index in free_new:
            for old_index in free_old:
                ratio = _ratio(old[old_index][1], new[new_index][1], similarity)
                if ratio >= similarity:
                    pairs.append((ratio, new_index, old_index))
        # Best pairs first; ties keep document order.
        pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
        for _ratio_value, new_index, old_index in pairs:
            if new_index not in matched and old_index in free_old:
                matched[new_index] = old_index
                free_old.discard(old_index)
    return matched
