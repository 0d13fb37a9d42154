"""The engine's readings of the labelled cards, real and weakened, as samples for the confidence fit.

A sample is (card, reading, features, right): "real" is the card as it is; the weakened readings drop
one witness (no YAML header, no licensing section, only its first line, no links). 2022 cards are
"<name>", modern cards "modern/<id>" (read as the local source reads them, scored like their score.py).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import load_cards, run_engine  # noqa: E402

from agent.conclude import analyse  # noqa: E402
from agent.conclude.confidence import features  # noqa: E402
from agent.extract import extract_evidence  # noqa: E402
from agent.extract.frontmatter import split  # noqa: E402
from agent.mapping import map_evidence  # noqa: E402
from agent.models import Card  # noqa: E402

URL = re.compile(r"https?://[^\s)\]>\"'`]+")  # "https://creativecommons.org/licenses/by/4.0/"


def _blank(lines: list[str], spans: list[tuple[int, int]], keep_first: bool) -> str:
    """The README with the given 1-based line spans emptied (optionally keeping each span's first line)."""
    out = list(lines)
    for start, end in spans:
        for i in range(start - 1 + keep_first, min(end, len(out))):
            out[i] = ""
    return "\n".join(out)


def variants(card: Card, evidence) -> dict[str, str]:
    """Weakened READMEs of a card: each drops one witness the engine reads."""
    text = card.readme or ""
    lines = text.split("\n")
    spans = [
        (e.line_start, e.line_end)
        for e in evidence
        if e.source.startswith(("section:", "subsection:")) and e.line_start
    ]
    body = split(text)[2]
    out = {
        "no_yaml": "\n".join(lines[body - 1 :]) if body > 1 else None,
        "no_section": _blank(lines, spans, False) if spans else None,
        "first_line": _blank(lines, spans, True) if spans else None,
        "no_links": URL.sub("", text) if URL.search(text) else None,
    }
    return {k: v for k, v in out.items() if v is not None and v != text}


def _gold(corpus: Path) -> tuple[dict, dict, object, object]:
    """Per card: the card gold of score.py, and the pieces it is made of (YAML keys, section keys or None)."""
    sys.path.insert(0, str(corpus))
    from licsets import keys, same  # the corpus's own comparison

    gold, parts = {}, {}
    for line in (corpus / "labels.jsonl").open():
        lab = json.loads(line)
        sg = lab.get("section_gold")
        section = keys(sg["spdx"]) if sg and sg["kind"] != "none" else None
        parts[lab["id"]] = (keys(lab["yaml_license"]), section)
        gold[lab["id"]] = section if section is not None else keys(lab["yaml_license"])
    return gold, parts, keys, same


def own_gold(reading: str, gold, parts):
    """What a weakened card itself states: without YAML the section's reading (or nothing); without the
    section the YAML's; other weakenings keep the card gold."""
    yaml_keys, section = parts
    if reading == "no_yaml":
        return section if section is not None else frozenset()
    if reading == "no_section":
        return yaml_keys
    return gold


def samples(corpus: Path) -> list[tuple[str, str, list[float], int]]:
    """(card, reading, features, right) for the real reading and each weakened one, the latter twice:
    "<name>" scored against the card gold, "<name>/own" against what the weakened card itself states."""
    from agent.conclude import conclude

    gold, parts, keys, same = _gold(corpus)
    out = []
    for card in load_cards(corpus):
        c, a, ev, _ = run_engine(card)
        out.append(
            (
                card.dataset,
                "real",
                features(a, c.status),
                int(same(keys(c.concluded_license), gold[card.dataset])),
            )
        )
        for name, readme in sorted(variants(card, ev).items()):
            weak = Card(dataset=card.dataset, source="local", location=card.location, readme=readme)
            wev = map_evidence(extract_evidence(weak))
            wc = conclude(weak, wev)
            x, pred = features(analyse(weak, wev), wc.status), keys(wc.concluded_license)
            out.append((card.dataset, name, x, int(same(pred, gold[card.dataset]))))
            out.append(
                (
                    card.dataset,
                    name + "/own",
                    x,
                    int(same(pred, own_gold(name, gold[card.dataset], parts[card.dataset]))),
                )
            )
    return out


def modern_samples(corpus: Path) -> list[tuple[str, str, list[float], int]]:
    """Samples of the modern cards ("modern/<id>"), read as the local source reads them, scored like their
    score.py (license sets equal). Weakened readings: first line of each licensing section and no links,
    both against the card gold (without the YAML or the section, what a modern card still states is not
    labelled, so those readings are left out)."""
    from modern import modern_cards

    from agent.conclude import conclude

    sys.path.insert(0, str(corpus))
    from licsets import keys

    gold = {
        json.loads(line)["id"]: keys(json.loads(line)["license"])
        for line in (corpus / "labels.jsonl").open()
        if line.strip()
    }
    out = []
    for card in modern_cards(corpus):
        name = "modern/" + card.dataset
        c, a, ev, _ = run_engine(card)
        out.append(
            (
                name,
                "real",
                features(a, c.status),
                int(keys(c.concluded_license) == gold[card.dataset]),
            )
        )
        for reading, readme in sorted(variants(card, ev).items()):
            if reading not in ("first_line", "no_links"):
                continue
            weak = Card(
                dataset=card.dataset,
                source="local",
                location=card.location,
                readme=readme,
                files=card.files,
            )
            wev = map_evidence(extract_evidence(weak))
            wc = conclude(weak, wev)
            out.append(
                (
                    name,
                    reading,
                    features(analyse(weak, wev), wc.status),
                    int(keys(wc.concluded_license) == gold[card.dataset]),
                )
            )
    return out


def era_of(name: str) -> str:
    return "modern" if name.startswith("modern/") else "2022"


def per_era(data, probs: list[float], ys: list[int]) -> dict[str, tuple[list[float], list[int]]]:
    """Split the real answers' probabilities (in data order) by era."""
    names = [n for n, r, _, _ in data if r == "real"]
    out = {
        era: (
            [p for n, p in zip(names, probs, strict=False) if era_of(n) == era],
            [y for n, y in zip(names, ys, strict=False) if era_of(n) == era],
        )
        for era in ("2022", "modern")
    }
    return {
        era: v for era, v in out.items() if v[0]
    }  # an era with no cards (--no-modern) is left out
