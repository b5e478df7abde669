"""Scores records against *.gold.yaml files exactly as shared/spec/gold-format.md describes."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from .clean import norm_key
from .extract.docnumber import normalize_doc_number
from .record import read_records

SCALARS = ["doc_number", "issuer", "level", "title", "issue_date"]
SETS = ["themes", "hosts", "cites", "topics", "requirements", "attachments", "cc"]
ORDER = SCALARS + ["themes", "events", "deadlines", "deadline_submit_to", "contacts", "contact_phones",
                   "contact_emails", "contact_values", "hosts", "cites", "topics", "requirements", "attachments", "cc"]


def _title_key(t) -> str:
    k = norm_key(t)
    i = k.find("关于")
    return k[i:] if i > 0 else k


def _docnum_key(t) -> str:
    return norm_key(normalize_doc_number(t) or t) if t else ""


def _digits(p) -> str:
    return re.sub(r"\D", "", str(p))


def _phone_match(pred: str, gold: str) -> bool:
    return pred == gold or (len(gold) >= 5 and pred.endswith(gold))


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.correct = self.total = 0

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _match_sets(pred: list, gold: list, same) -> tuple[list, list, list]:
    """Greedy one-to-one matching: (pairs, unmatched pred, unmatched gold)."""
    pred, gold = list(pred), list(gold)
    pairs, left = [], []
    for p in pred:
        hit = next((g for g in gold if same(p, g)), None)
        if hit is None:
            left.append(p)
        else:
            gold.remove(hit)
            pairs.append((p, hit))
    return pairs, left, gold


def _cite_same(p: dict, g: dict) -> bool:
    if p.get("doc_number") and g.get("doc_number"):
        return _docnum_key(p["doc_number"]) == _docnum_key(g["doc_number"])
    return bool(p.get("title")) and bool(g.get("title")) and _title_key(p["title"]) == _title_key(g["title"])


def _hosts_items(h) -> list[str]:
    h = h or {}
    return [f"{role}:{norm_key(n)}" for role in ("organizer", "undertaker", "co_organizer") for n in (h.get(role) or [])]


def score_pair(rec: dict, gold: dict, tallies: dict, misses: list, name: str) -> None:
    def miss(field, kind, value):
        misses.append({"file": name, "field": field, "kind": kind, "value": value})

    for f in SCALARS:
        if f not in gold:
            continue
        g, p = gold[f], rec.get(f)
        if f == "doc_number":
            ok = _docnum_key(p) == _docnum_key(g)
        elif f == "title":
            ok = _title_key(p) == _title_key(g) if g and p else (g is None and p is None)
        else:
            ok = norm_key(p) == norm_key(g) if g is not None else p is None
        t = tallies[f]
        t.total += 1
        t.correct += ok
        if not ok:
            miss(f, "wrong", {"predicted": p, "gold": g})

    def set_field(f, pred_items, gold_items, same=lambda a, b: a == b, show=lambda x: x):
        pairs, fp, fn = _match_sets(pred_items, gold_items, same)
        t = tallies[f]
        t.tp += len(pairs)
        t.fp += len(fp)
        t.fn += len(fn)
        for x in fp:
            miss(f, "false positive", show(x))
        for x in fn:
            miss(f, "missed", show(x))
        return pairs

    for f in ("themes", "topics", "requirements", "attachments", "cc"):
        if f in gold:
            set_field(f, [norm_key(x) for x in rec.get(f) or []], [norm_key(x) for x in gold[f] or []])
    if "hosts" in gold:
        set_field("hosts", _hosts_items(rec.get("hosts")), _hosts_items(gold["hosts"]))
    if "cites" in gold:
        set_field("cites", rec.get("cites") or [], gold["cites"] or [], _cite_same,
                  lambda c: {"doc_number": c.get("doc_number"), "title": c.get("title")})
    if "events" in gold:
        key = lambda e: (str(e.get("start")) if e.get("start") else None, str(e.get("end")) if e.get("end") else None)
        set_field("events", [key(e) for e in rec.get("events") or []], [key(e) for e in gold["events"] or []])
    if "deadlines" in gold:
        pairs = set_field("deadlines", rec.get("deadlines") or [], gold["deadlines"] or [],
                          lambda a, b: str(a.get("date")) == str(b.get("date")),
                          lambda d: {"date": str(d.get("date")), "kind": d.get("kind"), "submit_to": d.get("submit_to")})
        t = tallies["deadline_submit_to"]
        for p, g in pairs:
            a, b = norm_key(p.get("submit_to")), norm_key(g.get("submit_to"))
            ok = (a == b) or (bool(a) and bool(b) and (a in b or b in a))
            t.total += 1
            t.correct += ok
            if not ok:
                miss("deadline_submit_to", "wrong", {"date": str(g.get("date")), "predicted": p.get("submit_to"), "gold": g.get("submit_to")})
    if "contacts" in gold:
        def same_contact(p, g):
            if g.get("name"):
                return norm_key(p.get("name")) == norm_key(g["name"])
            if p.get("name"):
                return False
            gp = {_digits(x) for x in g.get("phones") or []}
            pp = {_digits(x) for x in p.get("phones") or []}
            return any(_phone_match(a, b) for a in pp for b in gp) or bool(
                {norm_key(e) for e in p.get("emails") or []} & {norm_key(e) for e in g.get("emails") or []})

        pairs = set_field("contacts", rec.get("contacts") or [], gold["contacts"] or [], same_contact,
                          lambda c: {"name": c.get("name"), "org": c.get("org"), "phones": c.get("phones")})
        for p, g in pairs:
            set_field("contact_phones", [_digits(x) for x in p.get("phones") or []],
                      [_digits(x) for x in g.get("phones") or []], _phone_match)
            set_field("contact_emails", [norm_key(x) for x in p.get("emails") or []],
                      [norm_key(x) for x in g.get("emails") or []])
        # every phone and email of the notice as one set, whoever it belongs to
        allp = lambda cs: [("p", _digits(x)) for c in cs for x in c.get("phones") or []] + \
                          [("e", norm_key(x)) for c in cs for x in c.get("emails") or []]
        dedup = lambda xs: list(dict.fromkeys(xs))
        set_field("contact_values", dedup(allp(rec.get("contacts") or [])), dedup(allp(gold["contacts"] or [])),
                  lambda a, b: a[0] == b[0] and (_phone_match(a[1], b[1]) if a[0] == "p" else a[1] == b[1]))


def read_stem_list(path) -> set[str]:
    """Stems listed one per line in a file (# comments and blank lines ignored)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return {ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()}


def evaluate(gold_dir, out_dir, only: set[str] | None = None, exclude: set[str] | None = None) -> dict:
    """Per-field scores, deadline precision and the macro score, plus the list of misses.

    `only` / `exclude` restrict scoring to (or away from) gold files by stem, e.g. a validation split.
    """
    gold_dir, out_dir = Path(gold_dir), Path(out_dir)
    records = {}
    for rec in read_records(out_dir):
        stem = Path(rec["source"]["path"]).stem
        records.setdefault(stem, rec)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[dict] = []
    files, missing = [], []
    for gf in sorted(gold_dir.glob("*.gold.yaml")):
        stem = gf.name[: -len(".gold.yaml")]
        if (only is not None and stem not in only) or (exclude and stem in exclude):
            continue
        gold = yaml.safe_load(gf.read_text(encoding="utf-8")) or {}
        rec = records.get(stem)
        if rec is None:
            missing.append(stem)
            rec = {}
        files.append(stem)
        score_pair(rec, gold, tallies, misses, stem)
    fields = {}
    for f in ORDER:
        if f not in tallies:
            continue
        t = tallies[f]
        if t.total:
            fields[f] = {"accuracy": t.correct / t.total, "n": t.total}
        else:
            p, r, f1 = t.prf()
            fields[f] = {"precision": p, "recall": r, "f1": f1, "tp": t.tp, "fp": t.fp, "fn": t.fn}
    main = [v.get("accuracy", v.get("f1")) for k, v in fields.items() if k in SCALARS + SETS + ["events", "deadlines", "contacts"]]
    dl = tallies["deadlines"]
    return {
        "files": len(files),
        "missing_records": missing,
        "fields": fields,
        "deadline_precision": dl.tp / (dl.tp + dl.fp) if dl.tp + dl.fp else 1.0,
        "macro": sum(main) / len(main) if main else 0.0,
        "misses": misses,
    }


def format_table(result: dict, msg=None) -> str:
    """The scores as a table for the terminal, its words in msg's language (default English)."""
    from .i18n import as_messages

    from .safe import display_width

    msg = as_messages(msg or "en")
    pad = lambda text, width: " " * max(0, width - display_width(text)) + text   # right-aligned in terminal columns
    name = msg("eval.field")
    lines = [name + " " * max(1, 22 - display_width(name)) + " " + " ".join(
        pad(msg(f"eval.{c}"), w) for c, w in (("precision", 6), ("recall", 6), ("f1", 7))) + "  " + msg("eval.counts")]
    for f, v in result["fields"].items():
        if "accuracy" in v:
            lines.append(f"{f:22} {'':>6} {'':>6} {v['accuracy']:7.3f}  n={v['n']}")
        else:
            lines.append(f"{f:22} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:7.3f}  tp={v['tp']} fp={v['fp']} fn={v['fn']}")
    lines.append(msg("eval.deadline_precision", value=f"{result['deadline_precision']:.3f}"))
    lines.append(msg("eval.macro", value=f"{result['macro']:.3f}", n=result["files"]))
    if result["missing_records"]:
        lines.append(msg("eval.no_record", files=msg.join(result["missing_records"])))
    return "\n".join(lines)
