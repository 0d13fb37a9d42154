"""Registries made for report tests and the report benchmark: synthetic entries, and a hostile one."""

from __future__ import annotations

import random

from agent.models import Entry, Evidence

# (concluded license, commercial use, attribution, share-alike, status) in rough Hub proportions
_PROFILES = [
    ("CC-BY-4.0", "yes", True, False, "verified"),
    ("MIT", "yes", True, False, "verified"),
    ("Apache-2.0", "yes", True, False, "unverified"),
    ("CC-BY-SA-4.0", "yes", True, True, "verified"),
    ("CC-BY-NC-4.0", "no", True, False, "verified"),
    ("CC0-1.0", "yes", False, False, "verified"),
    ("ODC-By-1.0", "yes", True, False, "unverified"),
    ("CC-BY-NC-SA-4.0", "no", True, True, "conflict"),
    ("LicenseRef-research-only", "no", None, None, "unverified"),
    ("NOASSERTION", "unclear", None, None, "unknown"),
    ("GPL-3.0-only", "yes", True, True, "verified"),
    ("LicenseRef-openai-terms", "unclear", None, None, "conflict"),
]
ORGS = [
    "allenai",
    "bigscience",
    "openbmb",
    "nyu-mll",
    "stanfordnlp",
    "facebook",
    "google",
    "tiiuae",
]
MODELS = ["gpt-4", "Llama-2-70b", "Mixtral-8x7B"]


def _evidence(license_: str, rng: random.Random) -> list[Evidence]:
    start = rng.randint(2, 9)
    items = [
        Evidence(
            "yaml:license",
            "metadata",
            f"license: {license_.lower()}",
            start,
            start,
            license_,
            "id",
            1.0,
        )
    ]
    if rng.random() < 0.8:
        line = rng.randint(30, 400)
        items.append(
            Evidence(
                "section:Licensing Information",
                "text",
                f"This dataset is released under the {license_} license. Please cite the authors of the "
                "original corpus when you use it; see the paper for the collection process.",
                line,
                line + 2,
                license_,
                "name",
                0.9,
            )
        )
    return items


def synthetic_entry(i: int, rng: random.Random, names: list[str]) -> Entry:
    name = names[i]
    license_, commercial, attribution, share_alike, status = rng.choice(_PROFILES)
    sha = f"{rng.getrandbits(160):040x}"
    nearby = names[
        max(0, i - 30) : i
    ]  # datasets build on recent ones of their field, not on any at all
    upstream = rng.sample(nearby, k=min(len(nearby), rng.choice([0, 0, 0, 1, 1, 2])))
    if status != "error" and rng.random() < 0.03:
        return Entry(
            name,
            revision=None,
            status="error",
            error="GatedRepo: accept the conditions on the Hub first",
            audited_at="2026-11-28T12:00:00+00:00",
        )
    return Entry(
        name,
        revision=sha,
        declared_license=license_,
        concluded_license=license_,
        confidence=round(
            min(0.99, max(0.05, rng.gauss(0.8 if status == "verified" else 0.5, 0.15))), 3
        ),
        status=status,
        commercial_use=commercial,
        attribution_required=attribution,
        share_alike=share_alike,
        upstream=upstream,
        effective_license=license_ if upstream else None,
        effective_commercial_use=commercial if upstream else None,
        sources=[f"https://huggingface.co/datasets/{name}/resolve/{sha}/README.md"],
        evidence=_evidence(license_, rng),
        reasons=[f"metadata says {license_}", "the card text agrees"],
        audited_at="2026-11-28T12:00:00+00:00",
    )


def synthetic_registry(count: int, seed: int = 7) -> tuple[list[Entry], dict[str, list[dict]]]:
    """`count` entries over a few organisations, about half with upstreams, some from models."""
    rng = random.Random(seed)
    names = [f"{ORGS[i % len(ORGS)]}/dataset-{i:05d}" for i in range(count)]
    entries = [synthetic_entry(i, rng, names) for i in range(count)]
    edges: dict[str, list[dict]] = {}
    for e in entries:
        links = [{"upstream": u, "kind": "dataset", "relation": "derived"} for u in e.upstream]
        if e.upstream and rng.random() < 0.2:
            links.append(
                {
                    "upstream": rng.choice(MODELS),
                    "kind": "model",
                    "relation": "generated-by",
                    "license": "LicenseRef-model-terms",
                }
            )
        if e.upstream and rng.random() < 0.1:
            links.append(
                {
                    "upstream": f"github.com/{rng.choice(ORGS)}/scraper",
                    "kind": "repository",
                    "relation": "sourced",
                }
            )
        edges[e.dataset] = links
    return entries, edges


# One string that is HTML, Markdown, a script, a link and a formula at once: every report field gets it.
INJECTION = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>[click](javascript:alert(3))"
    "\"><svg onload=alert(4)> =cmd|'/c calc'!A1 **bold** </textarea>&amp;"
)


def hostile_entry() -> Entry:
    """An entry whose every text field carries INJECTION (a card can say anything)."""
    evidence = Evidence(
        source="file:" + INJECTION,
        kind="text",
        snippet=INJECTION,
        line_start=3,
        line_end=4,
        license="LicenseRef-" + INJECTION,
        match=INJECTION,
        note=INJECTION,
        terms=[INJECTION],
    )
    return Entry(
        dataset="evil/" + INJECTION,
        revision=INJECTION,
        declared_license=INJECTION,
        concluded_license="LicenseRef-x" + INJECTION,
        confidence=0.2,
        status="conflict",
        commercial_use="unclear",
        attribution_required=True,
        share_alike=True,
        upstream=[INJECTION],
        effective_license=INJECTION,
        effective_commercial_use="unclear",
        sources=[
            "javascript:alert(5)",
            "https://huggingface.co/datasets/evil/x/resolve/" + INJECTION + "/README.md",
        ],
        evidence=[evidence],
        reasons=[INJECTION],
        error=INJECTION,
        audited_at=INJECTION,
    )


def fill_registry(
    location: str, entries: list[Entry], edges: dict[str, list[dict]] | None = None
) -> str:
    """Save entries (and their upstream edges) into a real registry at `location`."""
    from registry.store.opener import open_registry

    with open_registry(location) as store:
        for entry in entries:
            store.save(entry)
            if edges and edges.get(entry.dataset):
                store.save_edges(entry.dataset, entry.revision, edges[entry.dataset])
    return location


def problem_entries() -> list[Entry]:
    """An error entry, an unknown one, a conflict, and a research-only one with a NOTICE file."""
    return [
        Entry(
            "org/broken",
            status="error",
            error="RepoNotFound: no dataset org/broken on the Hub",
            audited_at="2026-11-28T12:00:00+00:00",
        ),
        Entry(
            "org/mystery",
            revision="b" * 40,
            concluded_license="NOASSERTION",
            status="unknown",
            confidence=0.1,
            reasons=["no license evidence in the card"],
            audited_at="2026-11-28T12:00:00+00:00",
        ),
        Entry(
            "org/disputed",
            revision="c" * 40,
            declared_license="MIT",
            concluded_license="CC-BY-NC-4.0",
            status="conflict",
            confidence=0.45,
            commercial_use="no",
            attribution_required=True,
            reasons=["YAML says MIT, the card text says CC BY-NC 4.0"],
            audited_at="2026-11-28T12:00:00+00:00",
        ),
        Entry(
            "org/lab-only",
            revision="d" * 40,
            concluded_license="LicenseRef-research-only",
            status="verified",
            confidence=0.8,
            commercial_use="no",
            evidence=[
                Evidence(
                    "file:NOTICE",
                    "file",
                    "Copyright 2024 The Lab.\n```Use for research only.```",
                    1,
                    2,
                    "LicenseRef-research-only",
                    "custom",
                    0.7,
                )
            ],
            audited_at="2026-11-28T12:00:00+00:00",
        ),
    ]
