"""GitHub-hosted datasets and Hub cards' source repositories, audited through the full pipeline.

Run: python -m benchmarks.github [--shared ../shared] [--port 18789] [--part gh|cards|all] [--verbose]
- gh: ../shared/corpus-gh audited as `github:owner/repo` through the GitHub stand-in
  (tests/support/github_server.py) serving its files, and as local folders; scored by corpus-gh/score.py
  beside the "GitHub license badge" baseline (GitHub's detected license as the conclusion).
- cards: the dev Hub cards of ../shared/corpus audited as local folders, card-only and with
  their linked repositories (../shared/corpus/github served as GitHub, tracing depth 1); card
  accuracy by corpus/score.py, and the unknown share of the cards that state no license but link
  a repository whose files state one, before and after.
--verbose lists each corpus-gh repository (agreement, false-clean, the experts' verdict beside ours
and the first reason), then the model-terms misses and false alarms with the sentences read as
generation evidence (to read the errors, not to tune to single labels).
All figures are development-set figures (the labelled corpora are the dev set).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.config import Settings  # noqa: E402
from agent.runner import run_audit  # noqa: E402
from agent.spdx.facts import license_facts  # noqa: E402
from registry.exports.csv_export import write_csv  # noqa: E402
from registry.store.opener import open_registry  # noqa: E402
from tests.support.github_server import GitHubStandIn  # noqa: E402


def audit(refs: list[str], db: str, depth: int = 0) -> None:
    result = run_audit(refs, Settings(registry=db, depth=depth, quiet=True, concurrency=4))
    failed = [r for r in result.results if r.get("status") == "error" and not r.get("depth")]
    if failed:
        print(
            f"  {len(failed)} errors, e.g. {failed[0].get('dataset')}: {failed[0].get('error')}",
            file=sys.stderr,
        )


def folder_name(key: str) -> str:
    """Registry key -> the corpus id: "local:/abs/corpus/cards/squad" -> "squad"."""
    return os.path.basename(key) if key.startswith("local:") else key


def export(db: str, path: Path, rename=folder_name) -> Path:
    store = open_registry(db)
    try:
        entries = list(store.current_entries())
    finally:
        store.close()
    buffer = io.StringIO()
    write_csv(entries, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["dataset"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "dataset": rename(row["dataset"])})
    return path


def score(corpus: Path, csv_path: Path) -> str:
    out = subprocess.run(
        [sys.executable, str(corpus / "score.py"), str(corpus / "labels.jsonl"), str(csv_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return (out.stdout.strip().splitlines() or ["(no output) " + out.stderr[-300:]])[-1]


def listing(corpus: Path, csv_path: Path) -> list[str]:
    """One line per repository: agreement mark (ok / XX / -- unlabelled), false-clean mark (FC),
    the experts' license and commercial verdict beside ours, and how ours was reached."""
    report = csv_path.with_suffix(".score.json")
    subprocess.run(
        [sys.executable, str(corpus / "score.py"), str(corpus / "labels.jsonl"), str(csv_path)]
        + ["--json", str(report)],
        capture_output=True,
        check=False,
    )
    wrong = {w[0] for w in json.loads(report.read_text())["wrong"]} if report.exists() else set()
    rows = {r["dataset"]: r for r in csv.DictReader(csv_path.open(newline=""))}
    lines = []
    for label in map(json.loads, (corpus / "labels.jsonl").read_text().splitlines()):
        row = rows.get(label["id"], {})
        said = row.get("effective_commercial_use") or row.get("commercial_use") or "unclear"
        mark = "--" if not label["dpi_spdx"] else "XX" if label["id"] in wrong else "ok"
        clean = "FC" if said == "yes" and label["commercial"] != "yes" else "  "
        reason = (row.get("reasons") or "").split(";")[0][:110]
        lines.append(
            f"  {mark} {clean} {label['id'][:44]:44} experts {label['dpi_spdx']} "
            f"{label['commercial']} | ours {row.get('concluded_license')} "
            f"[{row.get('status')}] {said} | {reason}"
        )
    return lines


def badge_csv(cards: Path, path: Path) -> Path:
    """The baseline: GitHub's detected license (.license.json) as the concluded license."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["dataset", "concluded_license", "commercial_use"])
        for folder in sorted(cards.iterdir()):
            spdx = (
                json.loads((folder / ".license.json").read_text()).get("spdx_id") or "NOASSERTION"
            )
            try:
                use = license_facts(spdx)[0] if spdx != "NOASSERTION" else "unclear"
            except Exception:  # an id the table cannot read is "unclear", as in the engine
                use = "unclear"
            writer.writerow([folder.name, spdx, use])
    return path


def run_gh(shared: Path, port: int, tmp: Path, verbose: bool = False) -> None:
    corpus = shared / "corpus-gh"
    cards = corpus / "cards"
    names = sorted(p.name for p in cards.iterdir() if p.is_dir())
    server = GitHubStandIn(str(cards), port=port, anonymous_quota=100_000).start()
    os.environ["GITHUB_API_URL"] = server.url
    try:
        audit([f"github:{n.replace('__', '/', 1)}" for n in names], str(tmp / "gh.db"))
    finally:
        server.stop()
    gh = export(
        str(tmp / "gh.db"),
        tmp / "gh.csv",
        lambda d: d.removeprefix("github.com/").replace("/", "__", 1),
    )
    audit([str(cards / n) for n in names], str(tmp / "local.db"))
    local = export(str(tmp / "local.db"), tmp / "local.csv")
    print(f"corpus-gh ({len(names)} repositories, dev set)")
    print(f"  github:owner/repo via stand-in  {score(corpus, gh)}")
    print(f"  local folders                   {score(corpus, local)}")
    print(f"  GitHub license badge baseline   {score(corpus, badge_csv(cards, tmp / 'badge.csv'))}")
    if verbose:
        print("per repository (github: run; ok / XX agreement, -- no expert SPDX, FC false-clean):")
        print("\n".join(listing(corpus, gh)))
        model_terms_errors(corpus, local)


# The scorer's test for "the effective license names a model's terms" (corpus-gh/score.py MODEL_REF).
_MODEL_REF = re.compile(
    r"LicenseRef-[\w.-]*(OpenAI|GPT|Llama|LLaMA|Anthropic|Claude|Gemini|Gemma|PaLM|Mistral|Qwen|Model)",
    re.I,
)


def model_terms_errors(corpus: Path, csv_path: Path) -> None:
    """Print the model-terms misses (labelled, not flagged) and false alarms (flagged, not labelled)."""
    rows = {r["dataset"]: r for r in csv.DictReader(csv_path.open())}
    for line in (corpus / "labels.jsonl").read_text().splitlines():
        label = json.loads(line)
        row = rows.get(label["id"], {})
        effective = row.get("effective_license") or row.get("concluded_license") or ""
        gold = bool(label["model_terms"] or label["dpi"]["model_generated"])
        flagged = bool(_MODEL_REF.search(effective))
        if gold == flagged:
            continue
        kind = "MISS" if gold else "FALSE ALARM"
        print(f"  {kind} {label['id']}: labelled {label['dpi']['model_generated']}; {effective}")
        for part in (row.get("evidence") or "").split(" | "):
            if "upstream model" in part:
                print(f"      {part[:240]}")


def run_cards(shared: Path, port: int, tmp: Path) -> None:
    corpus = shared / "corpus"
    cards = sorted(p for p in (corpus / "cards").iterdir() if (p / "README.md").is_file())
    audit([str(p) for p in cards], str(tmp / "cards.db"))
    before = export(str(tmp / "cards.db"), tmp / "cards.csv")
    server = GitHubStandIn(str(corpus / "github"), port=port, anonymous_quota=100_000).start()
    os.environ["GITHUB_API_URL"] = server.url
    try:
        audit([str(p) for p in cards], str(tmp / "repos.db"), depth=1)
    finally:
        server.stop()
    after = export(str(tmp / "repos.db"), tmp / "repos.csv")
    print(f"dev Hub cards ({len(cards)}), corpus/score.py")
    print(f"  card only               {score(corpus, before)}")
    print(f"  with source repos       {score(corpus, after)}")
    print("  " + unknown_shift(corpus, before, after))


def unknown_shift(corpus: Path, before: Path, after: Path) -> str:
    """Unknown share, before/after, of cards concluded unknown card-only that link a served
    repository whose files state a license (.license.json or a license-like file)."""
    served = {p.name.lower() for p in (corpus / "github").iterdir() if p.is_dir() and _states(p)}
    print(
        f"  served repositories: {sum(1 for p in (corpus / 'github').iterdir() if p.is_dir())}, "
        f"whose files state a license: {len(served)}"
    )
    from agent.lineage.repositories import github_repos_in
    from agent.models import Card

    rows_b = {r["dataset"]: r for r in csv.DictReader(before.open())}
    rows_a = {r["dataset"]: r for r in csv.DictReader(after.open())}
    picked = []
    for name, row in rows_b.items():
        readme = corpus / "cards" / name / "README.md"
        if row["concluded_license"] not in ("NOASSERTION", "NONE") or not readme.is_file():
            continue
        card = Card(
            dataset=name,
            source="local",
            location=str(readme),
            readme=readme.read_text(errors="replace"),
        )
        if any(f"{o}__{r}".lower() in served for o, r, _ in github_repos_in(card)[:3]):
            picked.append(name)

    def unknown(row: dict) -> bool:
        return (row.get("effective_license") or row.get("concluded_license")) in (
            "NOASSERTION",
            "NONE",
            "",
            None,
        )

    before_share = sum(unknown(rows_b[n]) for n in picked) / max(len(picked), 1)
    after_share = sum(unknown(rows_a.get(n, {})) for n in picked) / max(len(picked), 1)
    return (
        f"cards concluded unknown card-only that link a repository whose files state a license: "
        f"{len(picked)}; effective license unknown before {before_share:.2f}, after {after_share:.2f}"
    )


def _states(folder: Path) -> bool:
    """The repository's files state a license: a license file, or a README line about its license."""
    from agent.spdx.license_files import is_license_file, is_readme

    names = [p.name.replace("__", "/") for p in folder.iterdir() if not p.name.startswith(".")]
    if any(is_license_file(n) for n in names):
        return True
    return any(
        is_readme(p.name) and "licen" in p.read_text(errors="replace").lower()
        for p in folder.iterdir()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--port", type=int, default=18789)
    parser.add_argument("--part", choices=("gh", "cards", "all"), default="all")
    parser.add_argument("--out", type=Path, help="keep the registries and CSVs in this folder")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list each corpus-gh repository with its verdict, then the model-terms misses and false alarms",
    )
    args = parser.parse_args()
    os.environ.setdefault("LICENSETRACE_CACHE", "off")
    os.environ.pop("GITHUB_TOKEN", None)  # the stand-in's anonymous quota would be 60: give it room
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for db in out.glob("*.db"):
            db.unlink()  # a fresh registry: an unchanged revision would otherwise be reused
        if args.part in ("gh", "all"):
            run_gh(args.shared, args.port, out, args.verbose)
        if args.part in ("cards", "all"):
            run_cards(args.shared, args.port, out)


if __name__ == "__main__":
    main()
