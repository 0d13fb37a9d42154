"""`licensetrace gate`: check the registry (optionally auditing first) against the license policy."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys

from agent.commands.audit_options import add_audit_options
from agent.config import registry_location
from agent.errors import EXIT_USAGE, DatasetError, UsageError
from agent.models import Entry
from agent.terminal import say

FORMATS = ("text", "json", "sarif", "junit", "html")


def add_parser(commands) -> None:
    gate = commands.add_parser(
        "gate",
        help="fail CI when a dataset's license breaks the policy",
        description="Evaluate registry entries against the policy. Exit 0 pass, 1 violations, "
        "2 usage or policy error, 3 incomplete (audit errors or datasets missing).",
    )
    gate.add_argument(
        "--policy",
        metavar="FILE",
        help="policy file ([policy] or [tool.licensetrace.policy]); default: "
        "licensetrace.toml / pyproject.toml found upward, else the built-in policy",
    )
    gate.add_argument(
        "--registry",
        metavar="PATH|URL",
        help="registry (default $LICENSETRACE_REGISTRY or ./licensetrace.db)",
    )
    gate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, sarif (code scanning) or junit (test reports)",
    )
    gate.add_argument("--output", metavar="FILE", help="write the report to FILE (default stdout)")
    gate.add_argument(
        "--baseline",
        metavar="FILE",
        help="accepted violations: only new ones fail (a missing FILE is an error)",
    )
    gate.add_argument(
        "--write-baseline",
        "--update-baseline",
        dest="write_baseline",
        action="store_true",
        help="write --baseline FILE from the current violations (creates or replaces it)",
    )
    gate.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="audit and check these datasets (one reference a line, # comments)",
    )
    gate.add_argument(
        "--discover",
        metavar="PATH",
        help="audit and check the datasets the code under PATH references",
    )
    gate.add_argument(
        "--no-audit",
        action="store_true",
        help="check --from/--discover datasets as the registry has them, without "
        "auditing (fast; a dataset not in the registry counts as missing)",
    )
    gate.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="judge waiver expiry as of this date (default: today, UTC)",
    )
    audit = gate.add_argument_group("auditing (with --from/--discover)")
    add_audit_options(audit)
    gate.set_defaults(handler=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def run(args) -> int:
    """The command; expected errors become one line on stderr and exit 2."""
    try:
        return _run(args)
    except UsageError as exc:
        say("error", exc)
        return EXIT_USAGE


def _run(args) -> int:
    from registry.gate.evaluate import evaluate
    from registry.gate.policy import load_policy

    if args.write_baseline and not args.baseline:
        raise UsageError("--write-baseline needs --baseline FILE")
    if args.baseline and not args.write_baseline and not os.path.exists(args.baseline):
        # never create it silently: a typo in the path would accept every current violation
        raise UsageError(
            f"--baseline {args.baseline}: no such file "
            "(--write-baseline creates it from the current violations)"
        )
    policy = load_policy(args.policy)
    location = registry_location(args.registry)
    refs, locations, notes = _references(args)
    if refs and not args.no_audit:
        _audit(refs, args, location)
    entries, missing = _entries(location, refs)
    today = args.today or dt.datetime.now(dt.UTC).date()
    baseline = _baseline(args, policy, entries, today, missing, locations)
    report = evaluate(
        policy, entries, today, missing=missing, baseline=baseline, locations=locations
    )
    report.baseline = args.baseline
    report.notes[:0] = notes + _stale_baseline(report, baseline)
    if not report.results:
        say("warning", f"no datasets to check in {location}")
    _emit(report, args, location, entries)
    return report.exit_code


def _references(args) -> tuple[list[str], dict, list[str]]:
    """References to audit (--from, --discover), where discovery found them, and its remarks."""
    refs: list[str] = []
    if args.from_file:
        from agent.commands.audit import read_reference_file

        refs += read_reference_file(args.from_file)
    locations: dict = {}
    notes: list[str] = []
    if args.discover:
        refs += _discovered(args, locations, notes)
    return list(dict.fromkeys(refs)), locations, notes


def _discovered(args, locations: dict, notes: list[str]) -> list[str]:
    """The Hub references the code under --discover loads; fills where (locations) and remarks."""
    if not os.path.exists(args.discover):
        raise UsageError(f"--discover: no such file or folder: {args.discover}")
    from agent.commands.audit_options import settings_from
    from agent.discover.hub_check import discover_for_audit

    settings = settings_from(args)
    settings.offline = settings.offline or args.no_audit  # --no-audit: no Hub question either
    found = discover_for_audit(args.discover, settings)
    base = args.discover if os.path.isdir(args.discover) else os.path.dirname(args.discover)
    for finding in found.findings:
        path = os.path.relpath(os.path.join(base, finding.file)).replace(os.sep, "/")
        locations.setdefault(finding.dataset, []).append(dataclasses.replace(finding, file=path))
    for item in found.unresolved:
        path = os.path.relpath(os.path.join(base, item.file)).replace(os.sep, "/")
        notes.append(
            f"{path}:{item.line}: dataset name is not a literal ({item.expression}); not checked"
        )
        say("warning", notes[-1])
    if not found.findings:
        say("warning", f"no dataset references found under {args.discover}")
    return found.references()


def _audit(refs: list[str], args, location: str) -> None:
    """Audit first (the runner reuses entries whose revision is unchanged); LangGraph loads here."""
    from agent.commands.audit_options import settings_from
    from agent.commands.progress import Progress
    from agent.runner import run_audit

    args.registry = location
    settings = settings_from(args)
    with Progress(total=len(refs), enabled=not args.quiet) as progress:
        run_audit(refs, settings, on_done=progress.update)


def _entries(location: str, refs: list[str]):
    """The current entries to judge: the referenced datasets, or the whole registry."""
    from agent.refs import parse_ref
    from registry.store.opener import open_registry

    store = open_registry(location, create=False)
    try:
        if not refs:
            return list(store.current_entries()), []
        entries: list[Entry] = []
        missing: list[str] = []
        for ref in refs:
            try:
                name = parse_ref(ref).name
            except DatasetError:
                name = ref
            entry = store.current(name)
            if entry is None:
                missing.append(name)
            elif all(e.dataset != entry.dataset for e in entries):
                entries.append(entry)
        return entries, missing
    finally:
        store.close()


def _baseline(args, policy, entries, today, missing, locations):
    """Accepted violations; the file is (re)written only with --write-baseline."""
    if not args.baseline:
        return None
    from registry.gate.baseline import read_baseline, write_baseline
    from registry.gate.evaluate import evaluate

    if args.write_baseline:
        current = evaluate(policy, entries, today, missing=missing, locations=locations)
        count = write_baseline(args.baseline, current)
        print(
            f"licensetrace: baseline {args.baseline} written: {count} accepted violations",
            file=sys.stderr,
        )
    return read_baseline(args.baseline)


def _html(report, entries, location: str) -> str:
    """The HTML audit report of the judged entries, with each one's gate verdict and violations."""
    from registry.exports.html import gate_html

    return gate_html(report, entries, location)


def _stale_baseline(report, baseline) -> list[str]:
    """Accepted violations that no longer occur: the baseline can shrink."""
    if not baseline:
        return []
    from registry.gate.evaluate import baseline_key

    current = {baseline_key(r, v) for r in report.results for v in r.violations}
    stale = len(baseline - current)
    return (
        [
            f"{stale} accepted violations in {report.baseline} no longer occur; "
            "--write-baseline removes them"
        ]
        if stale
        else []
    )


def _emit(report, args, location: str, entries) -> None:
    from registry.gate import junit as report_junit
    from registry.gate import sarif as report_sarif
    from registry.gate import text as report_text

    render = {
        "text": report_text.render_text,
        "json": report_text.render_json,
        "sarif": lambda r: report_sarif.render_sarif(r, registry=location),
        "junit": report_junit.render_junit,
        "html": lambda r: _html(r, entries, location),
    }[args.format]
    document = render(report)
    if args.output and args.output != "-":
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(document)
        except OSError as exc:
            raise UsageError(
                f"cannot write --output {args.output}: {exc.strerror or exc}"
            ) from None
    else:
        sys.stdout.write(document)
    if args.format != "text" or args.output:
        counts = ", ".join(f"{n} {v}" for v, n in sorted(report.counts().items()))
        print(
            f"licensetrace gate: {len(report.results)} datasets ({counts or 'none'}) "
            f"-> exit {report.exit_code}",
            file=sys.stderr,
        )
