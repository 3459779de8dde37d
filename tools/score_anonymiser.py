#!/usr/bin/env python3
"""Score the case-note anonymiser on a labelled corpus.

Pipes every note of the corpus (JSON lines: id, lang, text, known_names, pii, keep) into
`BIN redact`, then reports, per type, the share of `pii` strings that no longer appear in the
redacted text, and the share of `keep` words that survived. Each miss is listed.
Exit status: 0 when the targets hold (100% of email, phone, national_number, iban, birth_date
removed; >= 95% of names and addresses removed; >= 95% of keep words kept), 1 otherwise,
2 when the binary or the corpus cannot be used.

Usage: tools/score_anonymiser.py [--bin build/intervision] [--corpus ../shared/corpus/case-notes-dev.jsonl]
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TARGETS = {
    "email": 1.0, "phone": 1.0, "national_number": 1.0, "iban": 1.0, "birth_date": 1.0,
    "name": 0.95, "address": 0.95,
}
KEEP_TARGET = 0.95

MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mrt|mei|okt|maart|mars|mai|juin|juil|"
          "janv|f[eé]v|avr|ao[uû]t|d[eé]c|sept")


def classify(pii):
    """The type of a pii string, judged by its shape."""
    s = pii.strip()
    compact = re.sub(r"[\s.\-/]", "", s)
    if "@" in s or re.search(r"[\[(]\s*at\s*[\])]", s, re.I):
        return "email"
    if re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}", re.sub(r"\s", "", s)):
        return "iban"
    if re.fullmatch(r"\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}", s):
        return "national_number"
    if re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}", s):
        return "birth_date"
    if re.search(r"\d", s) and re.search(r"(?i)\b(" + MONTHS + r")", s) and not re.search(r"\d{4}\s+\D{3,}$", s) \
            and len(re.sub(r"[^A-Za-zÀ-ÿ]", "", s)) < 12:
        return "birth_date"
    if re.fullmatch(r"(\+|00)?[\d\s./\-()]{8,}", s) and len(re.sub(r"\D", "", s)) >= 8:
        return "phone"
    if re.search(r"\d", s):
        return "address"
    return "name"


def present(needle, haystack):
    """Whether `needle` still appears in `haystack` as a whole word (or substring for non-word edges)."""
    pattern = re.escape(needle)
    if re.match(r"\w", needle):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", needle):
        pattern = pattern + r"(?!\w)"
    return re.search(pattern, haystack) is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "intervision"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "case-notes-dev.jsonl"))
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args()

    try:
        with open(args.corpus, encoding="utf-8") as f:
            notes = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        print(f"score_anonymiser: cannot read corpus {args.corpus}: {e}", file=sys.stderr)
        return 2
    if not os.access(args.bin, os.X_OK):
        print(f"score_anonymiser: {args.bin} is not an executable", file=sys.stderr)
        return 2

    payload = "".join(json.dumps({"text": n["text"], "known_names": n.get("known_names", []),
                                  "language": n.get("lang", "")}, ensure_ascii=False) + "\n" for n in notes)
    proc = subprocess.run([args.bin, "redact"], input=payload.encode("utf-8"), capture_output=True, timeout=300)
    lines = [l for l in proc.stdout.decode("utf-8").splitlines() if l.strip()]
    if len(lines) != len(notes):
        print(f"score_anonymiser: {len(notes)} notes in, {len(lines)} lines out (exit {proc.returncode})",
              file=sys.stderr)
        return 2

    removed = {t: [0, 0] for t in TARGETS}
    kept = [0, 0]
    misses = []
    for note, line in zip(notes, lines):
        out = json.loads(line)
        if "error" in out:
            misses.append(f"{note['id']}: error {out['error']}")
            for p in note.get("pii", []):
                removed[classify(p)][1] += 1
            kept[1] += len(note.get("keep", []))
            continue
        red = out["redacted"]
        text = note["text"]
        for sp in out["spans"]:
            if not (0 <= sp["start"] < sp["end"] <= len(text.encode("utf-8"))):
                misses.append(f"{note['id']}: span out of range {sp}")
        for p in note.get("pii", []):
            t = classify(p)
            removed[t][1] += 1
            if present(p, red):
                misses.append(f"{note['id']}: {t} not removed: {p!r}")
            else:
                removed[t][0] += 1
        for k in note.get("keep", []):
            kept[1] += 1
            if k in red:
                kept[0] += 1
            else:
                misses.append(f"{note['id']}: keep word lost: {k!r}")

    ok = True
    print(f"{'type':<16} {'removed':>8} {'total':>6} {'share':>7}  target")
    for t, (r, n) in removed.items():
        share = r / n if n else 1.0
        good = share >= TARGETS[t]
        ok &= good
        print(f"{t:<16} {r:>8} {n:>6} {share:>7.1%}  {TARGETS[t]:.0%}{'' if good else '  MISSED'}")
    kshare = kept[0] / kept[1] if kept[1] else 1.0
    kgood = kshare >= KEEP_TARGET
    ok &= kgood
    print(f"{'keep words':<16} {kept[0]:>8} {kept[1]:>6} {kshare:>7.1%}  {KEEP_TARGET:.0%}{'' if kgood else '  MISSED'}")
    if misses and not args.quiet:
        print("\nmisses:")
        for m in misses:
            print("  " + m)
    print("\nresult: " + ("targets met" if ok else "targets MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
