"""Accuracy benchmark of the license engine on the labelled corpus, side by side with the YAML-only baseline.

Usage: python benchmarks/accuracy.py [--corpus DIR] [--verbose] [--out DIR]
Prints the score.py figures for both, a per-kind breakdown, a reliability table, CPU time per card,
and the confidence model's in-sample and cross-validated AUROC / precision and share at 0.9 / Brier
(refitted fold by fold with benchmarks/fit_confidence.py's settings) with an out-of-fold reliability table.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.conclude import analyse, conclude  # noqa: E402
from agent.conclude.confidence import features  # noqa: E402
from agent.extract import extract_evidence  # noqa: E402
from agent.mapping import map_evidence  # noqa: E402
from agent.models import Card  # noqa: E402
from agent.spdx.expressions import is_valid  # noqa: E402
from agent.spdx.hub_ids import hub_values_to_spdx  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = [
    "dataset",
    "revision",
    "declared_license",
    "concluded_license",
    "confidence",
    "status",
    "commercial_use",
    "attribution_required",
    "share_alike",
]


def load_cards(corpus: Path) -> list[Card]:
    """One Card per cards/<name>/README.md, built as the local source would."""
    cards = []
    for folder in sorted((corpus / "cards").iterdir()):
        readme = folder / "README.md"
        if readme.is_file():
            text = readme.read_bytes().decode("utf-8", errors="replace")
            cards.append(
                Card(dataset=folder.name, source="local", location=str(readme), readme=text)
            )
    return cards


def run_engine(card: Card):
    """(conclusion, analysis, evidence, cpu seconds) for one card; the timer covers the engine only."""
    t0 = time.process_time()
    evidence = map_evidence(extract_evidence(card))
    result = conclude(card, evidence)
    cpu = time.process_time() - t0
    return result, analyse(card, evidence), evidence, cpu


def baseline_row(card: Card) -> dict:
    """YAML-only baseline: the header's license through hub_to_spdx, constant confidence."""
    from agent.extract.frontmatter import front_matter

    data = front_matter(card.readme or "")[0]
    value = (
        (data or {}).get("license", (data or {}).get("licenses"))
        if isinstance(data, dict)
        else None
    )
    expr = hub_values_to_spdx(value) if value else None
    return {
        "dataset": card.dataset,
        "revision": "",
        "declared_license": expr or "",
        "concluded_license": expr or "NOASSERTION",
        "confidence": 0.5,
        "status": "unverified",
    }


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def score(corpus: Path, csv_path: Path) -> dict:
    """Run the corpus's own score.py on a CSV; return its metrics and wrong list."""
    out = csv_path.with_suffix(".json")
    subprocess.run(
        [
            sys.executable,
            str(corpus / "score.py"),
            str(corpus / "labels.jsonl"),
            str(csv_path),
            "--json",
            str(out),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    return json.loads(out.read_text())


def evaluate(corpus: Path) -> dict:
    """Run the engine and the baseline on every card; return rows, timings and per-card analysis."""
    rows, base, cpu, analyses, invalid = [], [], [], {}, []
    for card in load_cards(corpus):
        c, a, ev, t = run_engine(card)
        cpu.append(t)
        if not is_valid(c.concluded_license) or (
            c.declared_license and not is_valid(c.declared_license)
        ):
            invalid.append((card.dataset, c.declared_license, c.concluded_license))
        rows.append(
            {
                "dataset": card.dataset,
                "revision": "",
                "declared_license": c.declared_license or "",
                "concluded_license": c.concluded_license,
                "confidence": c.confidence,
                "status": c.status,
                "commercial_use": c.commercial_use,
                "attribution_required": c.attribution_required,
                "share_alike": c.share_alike,
            }
        )
        analyses[card.dataset] = (a, c.status, features(a, c.status), ev)
        base.append(baseline_row(card))
    return {"rows": rows, "base": base, "cpu": cpu, "analyses": analyses, "invalid": invalid}


def correctness(corpus: Path, rows: list[dict]) -> dict[str, tuple[bool, str]]:
    """Per card: (right by the card gold of score.py, section_gold kind or "no-section")."""
    sys.path.insert(0, str(corpus))
    from licsets import keys, same  # the corpus's own comparison

    labels = [json.loads(line) for line in (corpus / "labels.jsonl").open()]
    by = {r["dataset"]: r for r in rows}
    out = {}
    for lab in labels:
        sg = lab.get("section_gold")
        gold = keys(sg["spdx"]) if sg and sg["kind"] != "none" else keys(lab["yaml_license"])
        row = by.get(lab["id"])
        pred = keys(row["concluded_license"]) if row else frozenset()
        out[lab["id"]] = (same(pred, gold), sg["kind"] if sg else "no-section", sorted(gold))
    return out


def reliability(
    rows: list[dict], right: dict, bins=(0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001)
) -> list[tuple]:
    """(bin, count, mean confidence, accuracy) per confidence bin."""
    out = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        sel = [r for r in rows if lo <= float(r["confidence"]) < hi]
        if sel:
            mean = sum(float(r["confidence"]) for r in sel) / len(sel)
            acc = sum(right[r["dataset"]][0] for r in sel) / len(sel)
            out.append((f"[{lo:.2f},{min(hi, 1):.2f}{']' if hi > 1 else ')'}", len(sel), mean, acc))
    return out


def auroc(pos: list[float], neg: list[float]) -> float:
    """P(a right answer's confidence > a wrong one's), ties counted half (as score.py does)."""
    if not pos or not neg:
        return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def summary(probs: list[float], ys: list[int]) -> dict:
    """AUROC, precision and share at 0.9, Brier score and log loss of probabilities against 0/1 rightness."""
    hi = [y for p, y in zip(probs, ys, strict=False) if p >= 0.9]
    return {
        "auroc": auroc(
            [p for p, y in zip(probs, ys, strict=False) if y],
            [p for p, y in zip(probs, ys, strict=False) if not y],
        ),
        "precision_at_0.9": sum(hi) / len(hi) if hi else float("nan"),
        "share_at_0.9": len(hi) / len(ys),
        "brier": sum((p - y) ** 2 for p, y in zip(probs, ys, strict=False)) / len(ys),
        "log_loss": -sum(
            math.log(max(1e-12, p if y else 1 - p)) for p, y in zip(probs, ys, strict=False)
        )
        / len(ys),
    }


def reliability_lines(
    probs: list[float], ys: list[int], bins=(0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001)
) -> list[str]:
    """One line per non-empty confidence bin: count, mean confidence, share right."""
    out = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        sel = [(p, y) for p, y in zip(probs, ys, strict=False) if lo <= p < hi]
        if sel:
            out.append(
                f"  [{lo:.2f},{min(hi, 1):.2f}{']' if hi > 1 else ')'}  {len(sel):5} "
                f"{sum(p for p, _ in sel) / len(sel):10.3f} {sum(y for _, y in sel) / len(sel):9.3f}"
            )
    return out


def _fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def print_kinds(right: dict, bright: dict) -> None:
    print("\nper kind (section_gold):  n  engine  yaml-only")
    for kind in ("spdx", "custom", "none", "conflict", "no-section"):
        ids = [d for d, v in right.items() if v[1] == kind]
        if ids:
            print(
                f"  {kind:12} {len(ids):5} {sum(right[d][0] for d in ids) / len(ids):7.3f} "
                f"{sum(bright[d][0] for d in ids) / len(ids):9.3f}"
            )


def print_commercial(corpus: Path, rows: list[dict], verbose: bool) -> None:
    """commercial_use against the labelled reading of the licensing section (where it states something)."""
    labels = {json.loads(line)["id"]: json.loads(line) for line in (corpus / "labels.jsonl").open()}
    pairs = []
    for r in rows:
        sg = (labels.get(r["dataset"]) or {}).get("section_gold")
        if sg and sg["kind"] != "none":
            pairs.append((r["dataset"], r["commercial_use"], sg["commercial"]))
    if pairs:
        print(
            f"\ncommercial_use vs section_gold.commercial: {sum(a == b for _, a, b in pairs) / len(pairs):.3f} "
            f"(n={len(pairs)})"
        )
        if verbose:
            print("  mismatches (dataset, ours, label):", [p for p in pairs if p[1] != p[2]])


def print_tail(res: dict, right: dict, verbose: bool) -> None:
    print("\nreliability (in-sample):  bin            n   mean conf  accuracy")
    for b, n, mean, acc in reliability(res["rows"], right):
        print(f"  {b:16} {n:5} {mean:10.3f} {acc:9.3f}")
    cpu = sorted(res["cpu"])
    p95 = cpu[int(0.95 * (len(cpu) - 1))]
    print(
        f"\nCPU per card (extract+map+conclude): median {statistics.median(cpu) * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms, max {cpu[-1] * 1000:.2f} ms"
    )
    print(f"invalid expressions emitted: {len(res['invalid'])}", res["invalid"][:5])
    status: dict[str, int] = {}
    for r in res["rows"]:
        status[r["status"]] = status.get(r["status"], 0) + 1
    print("statuses:", status)
    if verbose:
        print("\nwrong cards (dataset | gold | concluded | confidence | status | kind):")
        for r in res["rows"]:
            ok, kind, gold = right[r["dataset"]]
            if not ok:
                print(
                    f"  {r['dataset']} | {gold} | {r['concluded_license']} | {r['confidence']} | {r['status']} | {kind}"
                )


def print_confidence(corpus: Path, res: dict, right: dict) -> None:
    """The shipped confidence in-sample, then refitted fold by fold (grouped by card) with the settings
    recorded in confidence.json: the cross-validated figures are what to expect on unseen cards."""
    import fit_confidence as fc
    import readings

    probs = [float(r["confidence"]) for r in res["rows"]]
    ys = [int(right[r["dataset"]][0]) for r in res["rows"]]
    ins = summary(probs, ys)
    cfg = fc.settings()
    modern = fc.DEFAULT_MODERN
    data = readings.samples(corpus) + (
        readings.modern_samples(modern) if (modern / "labels.jsonl").is_file() else []
    )
    oof, oys = readings.per_era(
        data,
        *fc.cross_validate(data, cfg["l2"], cfg["aug"], cfg["folds"], cfg["signed"], cfg["use"]),
    )["2022"]
    cv = summary(oof, oys)
    print(
        f"\nconfidence on this corpus (fitted with the modern cards; {cfg['folds']}-fold CV grouped by card; l2={cfg['l2']}, weakened readings "
        f"{cfg['use']} x{cfg['aug']}, signed={cfg['signed']}):"
    )
    print(f"  {'':18} {'auroc':>7} {'prec@0.9':>9} {'share@0.9':>10} {'brier':>7}")
    for name, m in (("in-sample", ins), ("cross-validated", cv)):
        print(
            f"  {name:18} {m['auroc']:7.3f} {m['precision_at_0.9']:9.3f} {m['share_at_0.9']:10.3f} {m['brier']:7.4f}"
        )
    print(
        "\n".join(
            ["reliability, cross-validated:  bin   n   mean conf  accuracy"]
            + reliability_lines(oof, oys)
        )
    )


def report(corpus: Path, res: dict, outdir: Path, verbose: bool, cv: bool = True) -> dict:
    """Score both CSVs with score.py and print every figure side by side."""
    eng_csv, base_csv = outdir / "engine.csv", outdir / "baseline.csv"
    write_csv(res["rows"], eng_csv)
    write_csv(res["base"], base_csv)
    eng, base = score(corpus, eng_csv)["metrics"], score(corpus, base_csv)["metrics"]
    keys = [
        "n",
        "card_accuracy",
        "card_auroc",
        "precision_at_0.9",
        "share_at_0.9",
        "conflict_recall",
        "conflict_precision",
        "conflicts_gold",
        "dpi_accuracy",
        "dpi_yaml_baseline",
    ]
    print(f"{'metric':24} {'engine':>10} {'yaml-only':>10}")
    for k in keys:
        if k in eng:
            print(f"{k:24} {_fmt(eng[k]):>10} {_fmt(base.get(k, '')):>10}")
    right = correctness(corpus, res["rows"])
    print_kinds(right, correctness(corpus, res["base"]))
    print_commercial(corpus, res["rows"], verbose)
    print_tail(res, right, verbose)
    if cv:
        print_confidence(corpus, res, right)
    return {"engine": eng, "baseline": base, "right": right}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--out", type=Path, default=None, help="folder for the CSV exports (default: a temp dir)"
    )
    ap.add_argument("--verbose", action="store_true", help="list the wrong cards")
    ap.add_argument(
        "--no-cv", action="store_true", help="skip the cross-validated confidence figures"
    )
    args = ap.parse_args(argv)
    if not (args.corpus / "labels.jsonl").is_file():
        print(f"error: no labels.jsonl under {args.corpus}", file=sys.stderr)
        return 2
    outdir = args.out or Path(tempfile.mkdtemp(prefix="licensetrace-accuracy-"))
    os.makedirs(outdir, exist_ok=True)
    res = evaluate(args.corpus)
    report(args.corpus, res, outdir, args.verbose, not args.no_cv)
    print(f"\nCSV exports in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
