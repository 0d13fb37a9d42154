"""Fit the confidence model (L2 logistic regression) on the labelled corpus and write its parameters.

Usage: python benchmarks/fit_confidence.py [--corpus DIR] [--l2 1.0] [--folds 10] [--dry-run]
Prints cross-validated (out-of-fold) AUROC, precision/share at 0.9 and a reliability table, then writes
agent/conclude/confidence.json fitted on all cards. The target is "score.py counts the card right".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_CORPUS, correctness, evaluate  # noqa: E402

from agent.conclude.confidence import FEATURES, PARAMS, logistic  # noqa: E402


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems are 15 x 15)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c] or 1e-12
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / piv
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


def fit(xs: list[list[float]], ys: list[int], l2: float, iters: int = 30) -> list[float]:
    """Newton-Raphson for L2-penalised logistic regression (the bias is not penalised)."""
    k = len(xs[0])
    w = [0.0] * k
    for _ in range(iters):
        g = [l2 * w[j] * (j > 0) for j in range(k)]
        h = [[l2 * (i == j and i > 0) for j in range(k)] for i in range(k)]
        for x, y in zip(xs, ys):
            p = logistic(x, w)
            d, s = p - y, p * (1 - p)
            for i in range(k):
                if x[i]:
                    g[i] += d * x[i]
                    for j in range(k):
                        if x[j]:
                            h[i][j] += s * x[i] * x[j]
        for i in range(k):
            h[i][i] += 1e-9
        step = _solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def auroc(pos: list[float], neg: list[float]) -> float:
    if not pos or not neg:
        return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def summary(probs: list[float], ys: list[int]) -> dict:
    hi = [(p, y) for p, y in zip(probs, ys) if p >= 0.9]
    brier = sum((p - y) ** 2 for p, y in zip(probs, ys)) / len(ys)
    return {"auroc": auroc([p for p, y in zip(probs, ys) if y], [p for p, y in zip(probs, ys) if not y]),
            "precision_at_0.9": sum(y for _, y in hi) / len(hi) if hi else float("nan"),
            "share_at_0.9": len(hi) / len(ys), "brier": brier,
            "log_loss": -sum(math.log(max(1e-12, p if y else 1 - p)) for p, y in zip(probs, ys)) / len(ys)}


def cross_validate(names, xs, ys, l2: float, folds: int) -> list[float]:
    """Out-of-fold probabilities; folds by a hash of the card name (stable across runs)."""
    fold = [int(hashlib.sha1(n.encode()).hexdigest(), 16) % folds for n in names]
    out = [0.0] * len(xs)
    for f in range(folds):
        train = [i for i in range(len(xs)) if fold[i] != f]
        w = fit([xs[i] for i in train], [ys[i] for i in train], l2)
        for i in range(len(xs)):
            if fold[i] == f:
                out[i] = logistic(xs[i], w)
    return out


def table(probs, ys, bins=(0, .5, .7, .8, .9, .95, .98, 1.0001)) -> list[str]:
    lines = []
    for lo, hi in zip(bins, bins[1:]):
        sel = [(p, y) for p, y in zip(probs, ys) if lo <= p < hi]
        if sel:
            lines.append(f"  [{lo:.2f},{min(hi, 1):.2f})  n={len(sel):4}  mean={sum(p for p, _ in sel) / len(sel):.3f}"
                         f"  accuracy={sum(y for _, y in sel) / len(sel):.3f}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--l2", type=float, default=0.3)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--dry-run", action="store_true", help="report only, do not write the parameters")
    args = ap.parse_args(argv)
    res = evaluate(args.corpus)
    right = correctness(args.corpus, res["rows"])
    names = sorted(res["analyses"])
    xs = [res["analyses"][n][2] for n in names]
    ys = [int(right[n][0]) for n in names]
    oof = cross_validate(names, xs, ys, args.l2, args.folds)
    cv = summary(oof, ys)
    print(f"{args.folds}-fold cross-validated (out-of-fold) figures, n={len(ys)}, accuracy={sum(ys) / len(ys):.3f}:")
    for k, v in cv.items():
        print(f"  {k}: {v:.4f}")
    print("\n".join(["reliability (out-of-fold):"] + table(oof, ys)))
    w = fit(xs, ys, args.l2)
    full = summary([logistic(x, w) for x in xs], ys)
    print("in-sample:", {k: round(v, 4) for k, v in full.items()})
    print("weights:", {f: round(v, 3) for f, v in zip(FEATURES, w)})
    if not args.dry_run:
        PARAMS.write_text(json.dumps({
            "model": "logistic regression, L2", "l2": args.l2, "features": list(FEATURES),
            "weights": [round(v, 6) for v in w], "fitted_on": f"{args.corpus.name} ({len(ys)} cards)",
            "fitted_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "cross_validated": {k: round(v, 4) for k, v in cv.items()}, "folds": args.folds}, indent=1) + "\n")
        print(f"wrote {PARAMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
