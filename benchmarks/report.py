"""Report benchmark: the HTML audit report of a large registry, written by the real CLI and opened in Chromium.

    python -m benchmarks.report                          # 5,000 entries, 3 runs, screenshot of the corpus
    python -m benchmarks.report --entries 500 --runs 1   # quicker
    python -m benchmarks.report --corpus DIR             # cards to audit for the screenshot

Speed and size: a synthetic registry (tests/support/report_support.py: realistic licenses, evidence,
upstreams, 3% errors) saved in SQLite; `licensetrace registry export --format html` is timed as a
process (start-up and registry reading included), and the file is opened from disk in headless
Chromium (navigation to load event). Screenshot: the development corpus (../shared/corpus/cards,
514 real cards) audited offline into a registry, its report photographed at 1280 px wide.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "cards")
SHOT = os.path.join(ROOT, "docs", "report-screenshot.png")
LIMITS = {"write_s": 5.0, "size_mb": 10.0, "open_s": 3.0, "png_kb": 300}


def _cli(*args: str, cwd: str = ROOT) -> float:
    """Seconds one `licensetrace` process took (run from `cwd`, so registries can be named relative)."""
    began = time.monotonic()
    env = {**os.environ, "PYTHONPATH": ROOT}
    subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        cwd=cwd,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - began


def speed(entries: int, runs: int, work: str, chromium: str | None) -> dict:
    from tests.support.report_support import fill_registry, synthetic_registry

    made, edges = synthetic_registry(entries)
    db = fill_registry(os.path.join(work, "synthetic.db"), made, edges)
    html = os.path.join(work, "report.html")
    writes = [
        _cli("registry", "export", "--format", "html", "--registry", db, "--output", html)
        for _ in range(runs)
    ]
    figures = {
        "entries": entries,
        "write_s": statistics.median(writes),
        "size_mb": os.path.getsize(html) / 1e6,
    }
    if chromium:
        from tests.support.browser import Browser

        opens = []
        for _ in range(runs):
            with Browser(chromium) as browser:  # a fresh browser each time: nothing cached
                opens.append(browser.open(html))
        figures["open_s"] = statistics.median(opens)
    return figures


def screenshot(corpus: str, work: str, chromium: str, path: str) -> dict:
    """Audit the corpus offline (no network: local folders), export its report, photograph the top."""
    from tests.support.browser import Browser

    cards = sorted(os.path.abspath(os.path.join(corpus, name)) for name in os.listdir(corpus))
    # exit 0 (all audited) or 3 (some cards are errors): both give a registry to photograph
    subprocess.run(
        [
            sys.executable,
            "-m",
            "agent.cli",
            "audit",
            "run",
            "--quiet",
            "--offline",
            "--depth",
            "1",
            "--registry",
            "registry.db",
            *cards,
        ],
        cwd=work,
        env={**os.environ, "PYTHONPATH": ROOT},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    html = os.path.join(work, "corpus.html")
    _cli(
        "registry",
        "export",
        "--format",
        "html",
        "--registry",
        "registry.db",
        "--output",
        html,
        cwd=work,
    )
    with Browser(chromium, width=1280, height=900) as browser:
        browser.open(html)
        browser.screenshot(path, height=1500)
    return {"cards": len(cards), "png_kb": os.path.getsize(path) / 1024}


def main(argv: list[str] | None = None) -> int:
    from tests.support.browser import NO_BROWSER, find_chromium

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpus", default=DEFAULT_CORPUS, help="card folders to audit for the screenshot"
    )
    parser.add_argument("--screenshot", default=SHOT, help="PNG to write ('' for none)")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print(
            f"WARNING: {NO_BROWSER}; opening time and screenshot are not measured", file=sys.stderr
        )
    with tempfile.TemporaryDirectory(prefix="lt-report-bench-") as work:
        figures = speed(args.entries, args.runs, work, chromium)
        if chromium and args.screenshot and os.path.isdir(args.corpus):
            figures.update(screenshot(args.corpus, work, chromium, args.screenshot))
    print(
        f"HTML report, synthetic registry of {figures['entries']} entries, median of {args.runs} runs "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):"
    )
    for key, limit in LIMITS.items():
        if key in figures:
            verdict = "ok" if figures[key] < limit else "OVER"
            print(f"  {key:8} {figures[key]:8.2f}  (limit {limit}) {verdict}")
    if "cards" in figures:
        print(f"  screenshot of the report of {figures['cards']} corpus cards: {args.screenshot}")
    return 0 if all(figures[k] < v for k, v in LIMITS.items() if k in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
