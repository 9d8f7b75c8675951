# Copied unchanged from ../shared/tools/score_extraction.py: the office scores importers with it.
#!/usr/bin/env python3
"""Score an importer's task records against gold annotations.

Usage:
    score_extraction.py GOLD PRED [--errors N] [--json] [--min-all F]

GOLD is a .jsonl file or a folder of them; PRED is a .jsonl file of task
records (see ../EXTRACTION.md), or '-' for standard input.
"""
import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROLE_SUFFIXES = ("等按职责分工落实", "按职责分工落实", "具体负责", "按职责分工负责", "按分工负责", "会同有关部门负责", "督促企业落实",
                 "等部门分工负责", "等部门配合", "分工负责", "等部门", "等单位",
                 "牵头", "配合", "负责", "分别", "等")
UNIT_FIELDS = ("lead", "responsible", "cooperating")


def norm(text):
    """NFKC, no whitespace: the form in which texts and anchors are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def norm_unit(unit):
    unit = norm(unit).replace("<", "(").replace(">", ")")
    # "X等重点行业领域监管部门" names X: cut at the last 等 before a trailing 部门/单位
    cut = re.match(r"(.+?)等[^等]*(?:部门|单位)$", unit)
    if cut:
        unit = cut.group(1)
    changed = True
    while changed:
        changed = False
        for suffix in ROLE_SUFFIXES:
            if unit.endswith(suffix) and len(unit) > len(suffix):
                unit, changed = unit[: -len(suffix)], True
    return unit


def load_jsonl(path):
    lines = sys.stdin if path == "-" else open(path, encoding="utf-8")
    records = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            sys.exit(f"{path}:{number}: not JSON: {error}")
    return records


def load_gold(path):
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return [record for file in files for record in load_jsonl(str(file))]


def match(gold, pred):
    """Pair each gold task with at most one predicted task (same source,
    text containing the anchor); rarest anchors are placed first."""
    by_source = defaultdict(list)
    for index, record in enumerate(pred):
        by_source[Path(record.get("source") or "").name].append(index)
    candidates = {}
    for g_index, g in enumerate(gold):
        anchor = norm(g["anchor"])
        candidates[g_index] = [
            p_index for p_index in by_source[g["source"]]
            if anchor in norm(pred[p_index].get("text"))]
    pairs, taken = {}, set()
    for g_index in sorted(candidates, key=lambda i: len(candidates[i])):
        free = [p for p in candidates[g_index] if p not in taken]
        if not free:
            continue
        plan = gold[g_index].get("plan_number")
        free.sort(key=lambda p: (norm(pred[p].get("plan_number")) != norm(plan),
                                 len(norm(pred[p].get("text")))))
        pairs[g_index] = free[0]
        taken.add(free[0])
    return pairs


def prf(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(gold, pred, errors_wanted=0):
    pairs = match(gold, pred)
    gold_sources = {g["source"] for g in gold}
    scored_pred = [i for i, p in enumerate(pred)
                   if Path(p.get("source") or "").name in gold_sources]
    matched_pred = set(pairs.values())
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    found = [i for i in required if i in pairs]
    rows = {"task": prf(len(matched_pred), len(scored_pred) - len(matched_pred),
                        len(required) - len(found))}
    errors = []
    for field in UNIT_FIELDS:
        tp = fp = fn = 0
        for g_index, p_index in pairs.items():
            want = Counter(norm_unit(u) for u in gold[g_index][field])
            got = Counter(norm_unit(u) for u in pred[p_index].get(field) or [])
            tp += sum((want & got).values())
            fp += sum((got - want).values())
            fn += sum((want - got).values())
            if want != got:
                errors.append((gold[g_index], field, sorted(want), sorted(got)))
        rows[field] = prf(tp, fp, fn)
    tp = fp = fn = 0
    for g_index, p_index in pairs.items():
        want, got = gold[g_index]["deadline"], pred[p_index].get("deadline")
        if want == got:
            tp += want is not None
            continue
        fp += got is not None
        fn += want is not None
        errors.append((gold[g_index], "deadline", want, got))
    rows["deadline"] = prf(tp, fp, fn)
    all_right = 0
    for g_index in found:
        g, p = gold[g_index], pred[pairs[g_index]]
        if g["deadline"] == p.get("deadline") and all(
                Counter(map(norm_unit, g[f])) == Counter(map(norm_unit, p.get(f) or []))
                for f in UNIT_FIELDS):
            all_right += 1
    all_fields = all_right / len(required) if required else 1.0
    for g_index in required:
        if g_index not in pairs:
            errors.append((gold[g_index], "task", "found", "missing"))
    unmatched = [pred[i] for i in scored_pred if i not in matched_pred]
    return rows, all_fields, errors[:errors_wanted], unmatched[:errors_wanted], {
        "gold_tasks": len(required), "optional": len(gold) - len(required),
        "predicted": len(scored_pred), "matched": len(found)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("pred")
    parser.add_argument("--errors", type=int, default=0,
                        help="print up to N mismatches and N unmatched predictions")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--min-all", type=float,
                        help="exit 1 when the all-fields score is below this")
    args = parser.parse_args()
    rows, all_fields, errors, unmatched, counts = score(
        load_gold(args.gold), load_jsonl(args.pred), args.errors)
    if args.json:
        print(json.dumps({"counts": counts, "all_fields": round(all_fields, 4),
                          **{k: [round(x, 4) for x in v] for k, v in rows.items()}},
                         ensure_ascii=False))
    else:
        print("gold tasks {gold_tasks} (+{optional} optional), predicted {predicted}, "
              "matched {matched}".format(**counts))
        print(f"{'field':<12}{'precision':>10}{'recall':>10}{'F1':>10}")
        for name, (p, r, f) in rows.items():
            print(f"{name:<12}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
        for g, field, want, got in errors:
            print(f"  {g['source']} [{g.get('plan_number')}] {g['anchor']}: "
                  f"{field} want {want} got {got}")
        for p in unmatched:
            print(f"  unmatched prediction {p.get('source')}: {norm(p.get('text'))[:40]}")
        print(f"all-fields {all_fields:.3f}")
    if args.min_all is not None and all_fields < args.min_all:
        sys.exit(1)


if __name__ == "__main__":
    main()
