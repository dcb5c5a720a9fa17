#!/usr/bin/env python3
"""Compares date rankings on Timeline17 from `eval_t17`'s plain-data dump (stdlib only).

    EVAL_DUMP=/tmp/t17dump cargo run --release -p storyline --example eval_t17
    python3 scripts/t17_date_rankings.py /tmp/t17dump

Topics are split by story: rankings are chosen on DEV (bpoil, haiti) and reported on TEST
(Finan, H1N1, MJ), so that a choice is not tuned on the figures it is judged by. Each
ranking orders candidate days; the top T distinct days inside the collection's publication
span are scored against the journalists' timeline (date-selection F1, as eval_t17 does).
"""
import collections, datetime, glob, json, os, sys

DEV = ["bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost", "haiti_bbc"]
TEST = ["Finan_washingtonpost", "H1N1_bbc", "H1N1_guardian", "H1N1_reuters", "MJ_bbc"]


def f1(pred, gold):
    hit = len(pred & gold)
    if not hit:
        return 0.0
    p, r = hit / len(pred), hit / len(gold)
    return 2 * p * r / (p + r)


def evaluate(data, rank, topics):
    scores = []
    for t in topics:
        x = data[t]
        pubs = [p for _, p in x["articles"] if p]
        lo, hi = min(pubs), max(pubs)
        ranked = [k for k in rank(x) if len(k) == 10 and lo <= k <= hi]
        for gold in x["gold"]:
            pred = set()
            for k in ranked:
                if len(pred) >= len(gold):
                    break
                pred.add(k)
            scores.append(f1(pred, set(gold)))
    return sum(scores) / len(scores)


def by(score):
    return sorted(score, key=lambda k: (-score[k], k))


def events(x):
    return [e["date"] for e in sorted(x["events"], key=lambda e: (-e["score"], e["date"]))]


def referring(x, direction=None):
    """Days -> articles published on another day that name them (before, after or both)."""
    out = collections.defaultdict(set)
    for r in x["refs"]:
        p = r["pub"]
        if p is None or p == r["date"]:
            continue
        if direction is None or (direction == "back") == (p > r["date"]):
            out[r["date"]].add(r["article"])
    return out


def refs(wf):
    def rank(x):
        back, fwd = referring(x, "back"), referring(x, "fwd")
        return by({k: len(back[k]) + wf * len(fwd[k]) for k in set(back) | set(fwd)})
    return rank


def pubcount(x):
    return by(collections.Counter(p for _, p in x["articles"] if p))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/t17dump"
    data = {os.path.basename(p)[:-5]: json.load(open(p)) for p in glob.glob(os.path.join(folder, "*.json"))}
    if not data:
        sys.exit(f"no dump in {folder}: run eval_t17 with EVAL_DUMP={folder} first")
    rows = [
        ("events by score (the app's highlights)", events),
        ("days by articles published that day", pubcount),
        ("days by articles referring from another day", refs(1.0)),
    ] + [(f"days by back + {w} x forward references", refs(w)) for w in (0.75, 0.5, 0.25, 0.0)]
    print(f"{'ranking':50} {'dev':>6} {'test':>6} {'all':>6}")
    for name, rank in rows:
        print(f"{name:50} {evaluate(data, rank, DEV):6.3f} {evaluate(data, rank, TEST):6.3f} {evaluate(data, rank, DEV + TEST):6.3f}")


if __name__ == "__main__":
    main()
