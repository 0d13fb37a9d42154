"""Fit the confidence model on the corpus: the engine's answers plus its answers on perturbed cards.

Usage: python benchmarks/fit_confidence.py [--corpus DIR] [--l2 2] [--aug 0.5] [--use own|same|real]
       [--unsigned] [--folds 10] [--search] [--dry-run] [--out FILE]

Six wrong answers out of 514 are too few to learn from: a model fitted on them alone memorises them
(10-fold cross-validated AUROC ~0.4). So every card is also read in weakened forms (no YAML header,
no licensing section, only the first line of the section, no links) and the engine's answers on
those become more training examples. A weakened card without YAML is scored against what it itself
still states (the section's reading, else nothing), one without its section against its YAML
(`--use own`, the default); truncated or link-less readings against the card gold. Scoring every
weakened reading against the card gold (`--use same`) was tried: it teaches that "nothing found" is
wrong, which is false on real cards, and cross-validates worse (see --search).

Step 1, ranking: L2 logistic regression with sign constraints (SIGNS in confidence.py: prior
knowledge, e.g. a conflict never raises confidence; a weight of the wrong sign is pinned to 0) on
real + weakened answers (weakened ones weighted --aug). Step 2, calibration: Platt scaling of that
score on the real answers only. Both steps fold into one logistic model (weights = a * w, bias =
a * w0 + b) written to agent/conclude/confidence.json with the settings and the figures.

The readings (real and weakened, 2022 and modern cards) come from benchmarks/readings.py.
Cross-validation is grouped by card (a card's weakened readings stay in its fold) and scored on the
real answers only; folds come from a hash of the card name, so reruns give the same output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_CORPUS, reliability_lines, summary  # noqa: E402
from modern import DEFAULT_MODERN  # noqa: E402
from readings import era_of, modern_samples, per_era, samples, variants  # noqa: E402,F401 - variants re-exported

from agent.conclude.confidence import FEATURES, PARAMS, SIGNS, logistic  # noqa: E402


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems are about 20 x 20)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c] or 1e-12
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / piv
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=False)]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


def _newton(
    rows: list[tuple[list[float], float, float]], l2: list[float], prior: list[float]
) -> list[float]:
    """Penalised logistic regression on aggregated rows (x, weight of right, weight of wrong)."""
    k = len(rows[0][0])
    w = list(prior)
    for _ in range(50):
        g = [l2[j] * (w[j] - prior[j]) for j in range(k)]
        h = [[l2[i] * (i == j) + 1e-9 * (i == j) for j in range(k)] for i in range(k)]
        for x, pos, neg in rows:
            p = logistic(x, w)
            d, s = p * (pos + neg) - pos, p * (1 - p) * (pos + neg)
            nz = [i for i in range(k) if x[i]]
            for i in nz:
                g[i] += d * x[i]
                for j in nz:
                    h[i][j] += s * x[i] * x[j]
        step = _solve(h, g)
        w = [a - b for a, b in zip(w, step, strict=False)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def _aggregate(xs, ys, ws) -> list[tuple[list[float], float, float]]:
    agg: dict[tuple, list[float]] = {}
    for x, y, w in zip(xs, ys, ws, strict=False):
        cell = agg.setdefault(tuple(x), [0.0, 0.0])
        cell[0 if y else 1] += w
    return [(list(x), pos, neg) for x, (pos, neg) in agg.items()]


def fit_rank(xs, ys, ws, l2: float, signed: bool = True) -> list[float]:
    """Ranking weights; with signed, a weight whose sign contradicts SIGNS is pinned to 0 and the rest refit."""
    rows = _aggregate(xs, ys, ws)
    free = set(range(len(FEATURES)))
    while True:
        pen = [0.0 if j == 0 else (l2 if j in free else 1e9) for j in range(len(FEATURES))]
        w = _newton(rows, pen, [0.0] * len(FEATURES))
        bad = {j for j in free if signed and SIGNS[FEATURES[j]] * w[j] < -1e-9}
        if not bad:
            return [v if j in free else 0.0 for j, v in enumerate(w)]
        free -= bad


def platt(scores: list[float], ys: list[int], l2: float = 0.1) -> tuple[float, float]:
    """(a, b) of P = logistic(a * score + b), fitted on real answers; a mild pull towards (1, 0)."""
    rows = _aggregate([[1.0, s] for s in scores], ys, [1.0] * len(ys))
    b, a = _newton(rows, [l2, l2], [0.0, 1.0])
    return a, b


# Which weakened readings train the ranking: scored against the card gold, or against what they state.
READINGS = {
    "real": {"real"},
    "same": {"real", "no_yaml", "no_section", "first_line", "no_links"},
    "own": {"real", "no_yaml/own", "no_section/own", "first_line", "no_links"},
}


def fit(data, l2: float, aug: float, signed: bool = True, use: str = "own") -> list[float]:
    """Final logistic weights: ranking on real + weighted perturbed answers, Platt-calibrated on real ones."""
    data = [s for s in data if s[1] in READINGS[use]]
    xs = [x for _, _, x, _ in data]
    ys = [y for _, _, _, y in data]
    ws = [1.0 if r == "real" else aug for _, r, _, _ in data]
    w = fit_rank(
        [x for x, wt in zip(xs, ws, strict=False) if wt],
        [y for y, wt in zip(ys, ws, strict=False) if wt],
        [wt for wt in ws if wt],
        l2,
        signed,
    )
    real = [(x, y) for (_, r, x, y) in data if r == "real"]
    a, b = platt(
        [sum(p * q for p, q in zip(x, w, strict=False)) for x, _ in real], [y for _, y in real]
    )
    return [a * v + (b if j == 0 else 0.0) for j, v in enumerate(w)]


def by_era(data, l2: float, aug: float, signed: bool = True, use: str = "own") -> dict[str, dict]:
    """Fit on one era, score the other's real answers: how the confidence carries to cards of another kind."""
    out = {}
    for era in ("2022", "modern"):
        w = fit([s for s in data if era_of(s[0]) != era], l2, aug, signed, use)
        real = [(x, y) for n, r, x, y in data if r == "real" and era_of(n) == era]
        out[era] = summary([logistic(x, w) for x, _ in real], [y for _, y in real])
    return out


def fold_of(name: str, folds: int) -> int:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % folds


def cross_validate(
    data, l2: float, aug: float, folds: int, signed: bool = True, use: str = "own"
) -> tuple[list[float], list[int]]:
    """Out-of-fold probabilities of the real answers; a card and all its weakened readings share a fold."""
    real = [(n, x, y) for n, r, x, y in data if r == "real"]
    probs = {}
    for f in range(folds):
        w = fit([s for s in data if fold_of(s[0], folds) != f], l2, aug, signed, use)
        for n, x, _ in real:
            if fold_of(n, folds) == f:
                probs[n] = logistic(x, w)
    return [probs[n] for n, _, _ in real], [y for _, _, y in real]


def in_sample(data, w) -> tuple[list[float], list[int]]:
    real = [(x, y) for _, r, x, y in data if r == "real"]
    return [logistic(x, w) for x, _ in real], [y for _, y in real]


def search(data, folds: int) -> None:
    """Cross-validated and in-sample figures over a small grid of settings."""
    print(
        f"{'use':5} {'l2':>5} {'aug':>5} {'signed':>6} | cv: auroc  prec@.9 share@.9  brier | in: auroc prec@.9 share@.9"
    )
    for use, signed, aug in [("real", True, 0.0), ("real", False, 0.0)] + [
        (u, sg, a) for u in ("same", "own") for sg in (True, False) for a in (0.1, 0.3, 0.5, 1.0)
    ]:
        for l2 in (0.3, 1.0, 2.0, 3.0, 10.0):
            cv = summary(*cross_validate(data, l2, aug, folds, signed, use))
            ins = summary(*in_sample(data, fit(data, l2, aug, signed, use)))
            print(
                f"{use:5} {l2:5} {aug:5} {signed!s:>6} | {cv['auroc']:.3f} {cv['precision_at_0.9']:8.3f} "
                f"{cv['share_at_0.9']:8.3f} {cv['brier']:.4f} | {ins['auroc']:.3f} "
                f"{ins['precision_at_0.9']:7.3f} {ins['share_at_0.9']:8.3f}",
                flush=True,
            )


def settings(path: Path = PARAMS) -> dict:
    """The fit settings recorded in confidence.json (defaults when absent), for reruns and the benchmark."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    return {
        "l2": data.get("l2", 2.0),
        "aug": data.get("aug", 0.5),
        "signed": data.get("signed", True),
        "use": data.get("use", "own"),
        "folds": data.get("folds", 10),
    }


def report(
    data, l2: float, aug: float, folds: int, signed: bool, use: str
) -> tuple[list[float], dict, dict]:
    """Fit on everything, print cross-validated (by card, per era), by-era and in-sample figures and the
    reliability tables of both eras; return (weights, cv, in-sample) with per-era figures inside."""
    probs, ys = cross_validate(data, l2, aug, folds, signed, use)
    w = fit(data, l2, aug, signed, use)
    cv, ins = {"all": summary(probs, ys)}, {"all": summary(*in_sample(data, w))}
    inp, iny = in_sample(data, w)
    for era, (p, y) in per_era(data, probs, ys).items():
        cv[era] = summary(p, y)
        print(
            f"\n{era}: {folds}-fold cross-validated (grouped by card):",
            {k: round(v, 4) for k, v in cv[era].items()},
        )
        print(
            "\n".join(
                ["reliability (out-of-fold):  bin   n   mean conf  accuracy"]
                + reliability_lines(p, y)
            )
        )
    for era, (p, y) in per_era(data, inp, iny).items():
        ins[era] = summary(p, y)
        print(f"\n{era}: in-sample:", {k: round(v, 4) for k, v in ins[era].items()})
        print(
            "\n".join(
                ["reliability (in-sample):  bin   n   mean conf  accuracy"]
                + reliability_lines(p, y)
            )
        )
    both = len(per_era(data, probs, ys)) == 2
    for era, m in (by_era(data, l2, aug, signed, use) if both else {}).items():
        cv[f"{era}_from_other_era"] = m
        print(f"\n{era}: fitted on the other era only:", {k: round(v, 4) for k, v in m.items()})
    print("\nweights:", {f: round(v, 3) for f, v in zip(FEATURES, w, strict=False)})
    return w, cv, ins


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--modern", type=Path, default=DEFAULT_MODERN, help="modern cards (2023-2026) fitted too"
    )
    ap.add_argument(
        "--no-modern",
        dest="modern",
        action="store_const",
        const=None,
        help="fit on the 2022 corpus only",
    )
    ap.add_argument("--l2", type=float, default=2.0)
    ap.add_argument(
        "--aug", type=float, default=0.5, help="weight of a weakened reading (0: real answers only)"
    )
    ap.add_argument(
        "--use", choices=sorted(READINGS), default="own", help="which weakened readings train"
    )
    ap.add_argument("--unsigned", action="store_true", help="no sign constraints")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--search", action="store_true", help="print a grid of settings and stop")
    ap.add_argument(
        "--dry-run", action="store_true", help="report only, do not write the parameters"
    )
    ap.add_argument("--out", type=Path, default=PARAMS, help="parameter file to write")
    args = ap.parse_args(argv)
    data = samples(args.corpus) + (modern_samples(args.modern) if args.modern else [])
    kinds: dict[str, list[int]] = {}
    for _, r, _, y in data:
        kinds.setdefault(r, []).append(y)
    print("readings (n, wrong):", {r: (len(v), len(v) - sum(v)) for r, v in kinds.items()})
    if args.search:
        search(data, args.folds)
        return 0
    signed = not args.unsigned
    w, cv, ins = report(data, args.l2, args.aug, args.folds, signed, args.use)
    if not args.dry_run:
        args.out.write_text(
            json.dumps(
                {
                    "model": "logistic: sign-constrained L2 ranking on real + weakened readings, Platt-calibrated on real ones",
                    "l2": args.l2,
                    "aug": args.aug,
                    "signed": signed,
                    "use": args.use,
                    "folds": args.folds,
                    "features": list(FEATURES),
                    "weights": [round(v, 6) for v in w],
                    "fitted_on": f"{args.corpus.name} + {args.modern.name if args.modern else '-'} ({len(kinds['real'])} cards)",
                    "readings": {
                        r: [len(v), len(v) - sum(v)]
                        for r, v in kinds.items()
                        if r in READINGS[args.use]
                    },
                    "cross_validated": {
                        e: {k: round(v, 4) for k, v in m.items()} for e, m in cv.items()
                    },
                    "in_sample": {
                        e: {k: round(v, 4) for k, v in m.items()} for e, m in ins.items()
                    },
                },
                indent=1,
            )
            + "\n"
        )
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
