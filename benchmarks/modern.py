"""Both eras side by side: the 2022 corpus and the modern (2023-2026) cards, engine vs the YAML-only baseline.

Usage: python benchmarks/modern.py [--corpus DIR] [--modern DIR] [--only FILE] [--out DIR] [--verbose]
The modern cards are audited as local folders by the real CLI (`licensetrace audit run --from ...
--depth 0`, a fresh SQLite registry, `registry export --format csv`) and scored with the corpus's own
score.py; the YAML-only baseline is the header's license at constant confidence 0.5. `--only FILE`
scores a subset (one card id a line), e.g. cards held out during development.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_CORPUS, baseline_row, evaluate, score, write_csv  # noqa: E402

from agent.models import Card  # noqa: E402
from agent.refs import parse_ref  # noqa: E402
from agent.sources.local import fetch_local  # noqa: E402

DEFAULT_MODERN = ROOT.parent / "shared" / "corpus-modern"
MODERN_KEYS = [
    "n",
    "card_accuracy",
    "yaml_accuracy",
    "card_auroc",
    "precision_at_0.9",
    "false_clean_card",
    "false_clean_effective",
    "commercial_agreement_effective",
    "model_generated_recall",
    "model_generated_precision",
]


def modern_cards(corpus: Path, only: set[str] | None = None) -> list[Card]:
    """One Card per cards/<id>/ folder, read by the local source (README and license files)."""
    folders = sorted(p for p in (corpus / "cards").iterdir() if (p / "README.md").is_file())
    cards = []
    for folder in folders:
        if only is None or folder.name in only:
            card = fetch_local(parse_ref(str(folder)))
            card.dataset = folder.name
            cards.append(card)
    return cards


def audit_csv(corpus: Path, outdir: Path, only: set[str] | None) -> Path:
    """Audit the modern cards with the real CLI into a fresh registry; return the exported CSV."""
    refs, db, out = outdir / "refs.txt", outdir / "modern.db", outdir / "modern.csv"
    names = sorted(p.name for p in (corpus / "cards").iterdir() if (p / "README.md").is_file())
    refs.write_text(
        "".join(f"{corpus / 'cards' / n}/\n" for n in names if only is None or n in only)
    )
    db.unlink(missing_ok=True)
    cli = [sys.executable, "-m", "agent.cli"]
    subprocess.run(
        cli
        + [
            "audit",
            "run",
            "--from",
            str(refs),
            "--registry",
            str(db),
            "--depth",
            "0",
            "--quiet",
            "--endpoint",
            "http://127.0.0.1:9",
        ],
        check=False,
        capture_output=True,
        cwd=ROOT,
    )
    subprocess.run(
        cli
        + ["registry", "export", "--format", "csv", "--registry", str(db), "--output", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return out


def score_modern(corpus: Path, csv_path: Path, only: set[str] | None) -> dict:
    """score.py on the labels (restricted to `only`), its metrics and wrong list."""
    labels = csv_path.with_name(csv_path.stem + "-labels.jsonl")
    lines = [line for line in (corpus / "labels.jsonl").open() if line.strip()]
    labels.write_text(
        "".join(line for line in lines if only is None or json.loads(line)["id"] in only)
    )
    out = csv_path.with_suffix(".json")
    subprocess.run(
        [sys.executable, str(corpus / "score.py"), str(labels), str(csv_path), "--json", str(out)],
        check=True,
        capture_output=True,
    )
    return json.loads(out.read_text())


def baseline_csv(corpus: Path, outdir: Path, only: set[str] | None) -> Path:
    """The YAML-only baseline's CSV for the modern cards (no upstreams, verdict unclear)."""
    rows = []
    for card in modern_cards(corpus, only):
        row = baseline_row(card)
        rows.append({**row, "commercial_use": "unclear"})
    path = outdir / "modern-baseline.csv"
    write_csv(rows, path)
    return path


def _fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the 2022 corpus")
    ap.add_argument("--modern", type=Path, default=DEFAULT_MODERN, help="the modern corpus")
    ap.add_argument("--only", type=Path, help="score only these modern card ids (one a line)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--verbose", action="store_true", help="list the wrong modern cards")
    args = ap.parse_args(argv)
    for corpus in (args.corpus, args.modern):
        if not (corpus / "labels.jsonl").is_file():
            print(f"error: no labels.jsonl under {corpus}", file=sys.stderr)
            return 2
    only = set(args.only.read_text().split()) if args.only else None
    outdir = args.out or Path(tempfile.mkdtemp(prefix="licensetrace-modern-"))
    outdir.mkdir(parents=True, exist_ok=True)
    res = evaluate(args.corpus)
    write_csv(res["rows"], outdir / "2022.csv")
    write_csv(res["base"], outdir / "2022-baseline.csv")
    old, old_base = (
        score(args.corpus, outdir / "2022.csv")["metrics"],
        score(args.corpus, outdir / "2022-baseline.csv")["metrics"],
    )
    new = score_modern(args.modern, audit_csv(args.modern, outdir, only), only)
    new_base = score_modern(args.modern, baseline_csv(args.modern, outdir, only), only)["metrics"]
    print(f"{'2022 corpus (n=' + str(old['n']) + ')':34} {'engine':>8} {'yaml-only':>10}")
    for k in ("card_accuracy", "card_auroc", "precision_at_0.9", "conflict_recall"):
        print(f"  {k:32} {_fmt(old[k]):>8} {_fmt(old_base.get(k, '')):>10}")
    m = new["metrics"]
    print(f"{'modern cards (n=' + str(m['n']) + ')':34} {'engine':>8} {'yaml-only':>10}")
    for k in MODERN_KEYS[1:]:
        print(f"  {k:32} {_fmt(m[k]):>8} {_fmt(new_base.get(k, '')):>10}")
    if args.verbose:
        print("\nwrong modern cards (id | gold | concluded | confidence):")
        for w in new["wrong"]:
            print("  " + " | ".join(str(x) for x in w))
    print(f"\nCSV exports in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
