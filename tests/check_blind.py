#!/usr/bin/env python3
"""Structural check of a blind evaluation set: python3 tests/check_blind.py tests/Blind2 (or tests/Blind).

Checks column counts, labels, FAQ ids against shared/Data/faq-kb.md (only the
'## ' and '- A:' lines are read), must_contain fragments against the answer text,
date/reference formats and row counts. Prints counts per label and kind.
It does NOT evaluate any model; never use these files for training or tuning.
"""
import collections, datetime as dt, os, re, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
HERE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "Blind2"))
# Minimum intent rows, and per label (the labels each writer was asked to weight, then the rest), per set.
MINIMA = {
    "Blind": (360, 30, {"booking.cancel", "booking.reschedule", "booking.status", "complaint.create", "complaint.status"}, 20),
    "Blind2": (400, 35, {"booking.cancel", "booking.reschedule", "booking.status", "thanks", "complaint.status"}, 28),
    "Blind3": (330, 25, {"booking.cancel", "booking.reschedule", "booking.status", "complaint.create", "complaint.status"}, 15),
    "Blind4": (330, 25, {"booking.cancel", "booking.reschedule", "booking.status", "complaint.create", "complaint.status"}, 15),
    "Blind5": (340, 25, {"booking.cancel", "booking.reschedule", "booking.status", "complaint.create", "complaint.status"}, 25),
}
MIN_INTENTS, MIN_WEAK, WEAK, MIN_LABEL = MINIMA[os.path.basename(HERE)]
# Minimum FAQ and date rows per set (Blind and Blind2 were asked for 180 / 300, Blind3 for 170 / 170).
MIN_FAQ, MIN_DATES = {"Blind3": (170, 170), "Blind4": (230, 160), "Blind5": (230, 200)}.get(os.path.basename(HERE), (180, 300))
LABELS = {"booking.create", "booking.status", "booking.reschedule", "booking.cancel", "faq",
          "complaint.create", "complaint.status", "survey.start", "greeting", "thanks", "help",
          "human", "out_of_scope"}
errors = []

def read(name, header):
    path = os.path.join(HERE, name)
    raw = open(path, "rb").read()
    if b"\r" in raw: errors.append(f"{name}: CR characters found (use LF)")
    text = raw.decode("utf-8")
    lines = text.split("\n")
    if lines[-1] == "": lines.pop()
    if lines[0] != header: errors.append(f"{name}: bad header {lines[0]!r}")
    n = header.count("\t") + 1
    rows = []
    for i, l in enumerate(lines[1:], start=2):
        c = l.split("\t")
        if len(c) != n: errors.append(f"{name}:{i}: {len(c)} columns, expected {n}")
        elif not c[0].strip(): errors.append(f"{name}:{i}: empty text")
        else: rows.append(c)
    return rows

def kb_answers():
    ans, cur = {}, None
    for l in open(os.path.join(ROOT, "shared", "Data", "faq-kb.md"), encoding="utf-8"):
        if l.startswith("## "): cur = l[3:].strip()
        elif l.startswith("- A:") and cur: ans[cur] = l[4:].strip().lower()
    return ans

# intents
it = read("intents-blind.tsv", "text\tintent\tkind")
by_label = collections.Counter(r[1] for r in it)
for r in it:
    if r[1] not in LABELS: errors.append(f"intents: unknown label {r[1]!r}")
    if not r[2]: errors.append(f"intents: empty kind for {r[0]!r}")
dups = [t for t, c in collections.Counter(r[0].lower() for r in it).items() if c > 1]
if dups: errors.append(f"intents: duplicate texts {dups}")
if len(it) < MIN_INTENTS: errors.append(f"intents: only {len(it)} rows")
for l in LABELS:
    need = MIN_WEAK if l in WEAK else MIN_LABEL
    if by_label[l] < need: errors.append(f"intents: {l} has {by_label[l]} < {need}")
non_informal = sum(1 for r in it if r[2] not in {"informal", "admin-opener", "emoji", "typo-heavy"})
print(f"intents-blind.tsv: {len(it)} rows; non-informal kinds: {non_informal} ({100*non_informal/len(it):.0f}%)")
for l in sorted(LABELS): print(f"  {l:20} {by_label[l]}")
print("  kinds:", dict(sorted(collections.Counter(r[2] for r in it).items())))

# faq
fq = read("faq-blind.tsv", "question\texpected_faq_id\tmust_contain\tkind")
ans = kb_answers()
covered = collections.Counter()
for r in fq:
    q, fid, mc, kind = r
    if fid == "none":
        if kind == "out_of_scope" and mc != "di luar layanan": errors.append(f"faq: oos row needs 'di luar layanan': {q!r}")
        if kind == "in_scope_unknown" and mc: errors.append(f"faq: in_scope_unknown must have empty must_contain: {q!r}")
        if kind not in {"out_of_scope", "in_scope_unknown"}: errors.append(f"faq: none row with kind {kind!r}")
        continue
    if fid not in ans: errors.append(f"faq: unknown id {fid!r}"); continue
    covered[fid] += 1
    if mc != mc.lower() or mc not in ans[fid]: errors.append(f"faq: must_contain {mc!r} not in answer of {fid}")
missing = sorted(set(ans) - set(covered))
if missing: errors.append(f"faq: KB entries without a row: {missing}")
if len(fq) < MIN_FAQ: errors.append(f"faq: only {len(fq)} rows")
fdups = [t for t, c in collections.Counter(r[0].lower() for r in fq).items() if c > 1]
if fdups: errors.append(f"faq: duplicate questions {fdups}")
n_oos = sum(1 for r in fq if r[3] == "out_of_scope"); n_unk = sum(1 for r in fq if r[3] == "in_scope_unknown")
if n_oos < 25: errors.append(f"faq: only {n_oos} out_of_scope rows")
if n_unk < 15: errors.append(f"faq: only {n_unk} in_scope_unknown rows")
fk = collections.Counter(r[3] for r in fq)
print(f"faq-blind.tsv: {len(fq)} rows; in-scope {sum(covered.values())} over {len(covered)}/{len(ans)} KB entries; kinds {dict(sorted(fk.items()))}")

# dates
ds = read("dates-blind.tsv", "text\treference\texpected\tkind")
D = re.compile(r"^\d{4}-\d{2}-\d{2}$"); T = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
for r in ds:
    text, ref, exp, kind = r
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00", ref): errors.append(f"dates: bad reference {ref!r}")
    else:
        rd = dt.datetime.fromisoformat(ref).date()
        if not dt.date(2026, 11, 20) <= rd <= dt.date(2027, 3, 15): errors.append(f"dates: reference {ref} outside 2026-11-20..2027-03-15")
    try:
        if exp == "none": pass
        elif ".." in exp:
            a, b = exp.split("..")
            assert D.match(a) and D.match(b) and dt.date.fromisoformat(a) <= dt.date.fromisoformat(b)
        elif T.match(exp): dt.datetime.fromisoformat(exp)
        elif D.match(exp): dt.date.fromisoformat(exp)
        else: raise ValueError
    except Exception:
        errors.append(f"dates: bad expected {exp!r} for {text!r}")
if len(ds) < MIN_DATES: errors.append(f"dates: only {len(ds)} rows")
ddups = [k for k, c in collections.Counter((r[0].lower(), r[1]) for r in ds).items() if c > 1]
if ddups: errors.append(f"dates: duplicate text+reference {ddups}")
dk = collections.Counter(r[3] for r in ds)
print(f"dates-blind.tsv: {len(ds)} rows; none: {sum(1 for r in ds if r[2]=='none')}; kinds {dict(sorted(dk.items()))}")

if errors:
    print("\nERRORS:"); [print(" -", e) for e in errors]; sys.exit(1)
print("OK")
