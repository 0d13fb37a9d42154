"""Benchmark upstream identification on the labelled corpus: recall and precision, with misses.

Run: python -m benchmarks.upstream [--corpus ../shared/corpus] [--verbose]

Figures (names are compared after normalising case and punctuation, then fuzzily):
- YAML recall: share of the `extended|<name>` entries of labels.jsonl found (checks the parser;
  the YAML header is an input).
- DPI recall: share of the Data Provenance Initiative `derived_from` names found among the
  upstreams of the card (all sources), and found by the text rules alone (the card read without
  its YAML header, so nothing comes from `source_datasets`).
- DPI precision: of the dataset upstreams found on DPI-labelled cards, the share matching a
  labelled `derived_from` or `extended|` name of that card; "overall" counts every dataset
  upstream, "text-only" those the text rules find in the card read without its YAML header.
  DPI lists are not exhaustive: a source the card names but DPI does not list counts as wrong.
- Mentioned: DPI names that occur in the card text at all (what any card reader can reach; most
  DPI names come from the papers), and the recall on those names.
- Model-generated: DPI `model_generated` entries naming a model, found as a model upstream.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from rapidfuzz import fuzz

from agent.lineage.blocks import split_front_matter
from agent.lineage.names import norm_name
from agent.lineage.upstream import UNNAMED_UPSTREAM, Upstream, find_upstreams
from agent.models import Card

DEFAULT_CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")
_NOT_A_MODEL = {"other", "templates", "human", ""}


def variants(name: str) -> set[str]:
    """'Parallel Wikipedia Simplification (PWKP) corpus (Zhu et al., 2010)' -> full, bare, 'pwkp'."""
    out = {
        norm_name(name),
        norm_name(re.sub(r"\(.*?\)", " ", name)),
        re.sub(r"[^a-z0-9]", "", name.lower()),
    }
    out |= {norm_name(p) for p in re.findall(r"\(([^)]*)\)", name) if not re.search(r"\d{4}", p)}
    return {v for v in out if len(v) >= 2}


_GENERIC = {
    "parallel",
    "corpus",
    "dataset",
    "language",
    "english",
    "question",
    "questions",
    "reviews",
    "answering",
    "common",
    "large",
    "multi",
    "google",
    "open",
    "original",
}


def _head_word(name: str) -> str:
    """First word of a name, when it can identify it: 'Europarl Parallel Corpus' -> 'europarl'."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower())
    head = words[0] if words else ""
    return head if len(head) >= 5 and head not in _GENERIC else ""


def same(a: str, b: str) -> bool:
    """Fuzzy equality of two dataset names: 'SQuAD' ~ 'squad', 'HotPotQA-Hard' ~ 'hotpot_qa',
    'Europarl Parallel Corpus' ~ 'europarl_bilingual' (same identifying first word)."""
    if _head_word(a) and _head_word(a) == _head_word(b):
        return True
    for x in variants(a):
        for y in variants(b):
            if x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)):
                return True
            if min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= 85:
                return True
    return False


def load(corpus: str) -> list[tuple[dict, Card]]:
    rows = []
    with open(os.path.join(corpus, "labels.jsonl"), encoding="utf-8") as handle:
        for line in handle:
            label = json.loads(line)
            path = os.path.join(corpus, "cards", label["id"], "README.md")
            with open(path, encoding="utf-8", errors="replace") as card_file:
                readme = card_file.read()
            rows.append((label, Card(label["id"], "local", path, readme=readme)))
    return rows


def extended_names(label: dict) -> list[str]:
    names = [
        s.split("|", 1)[1] for s in label.get("source_datasets") or [] if s.startswith("extended|")
    ]
    names = [
        n for n in names if n.strip().lower() not in ("", "other")
    ]  # "extended|other": no name
    return [n[len("other-") :] if n.lower().startswith("other-") else n for n in names]


class Tally:
    """Counts and the misses / false positives behind them."""

    def __init__(self) -> None:
        self.hit = self.total = 0
        self.misses: list[str] = []

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hit += ok
        if not ok:
            self.misses.append(what)

    def rate(self) -> str:
        return f"{self.hit / self.total:.3f} ({self.hit}/{self.total})" if self.total else "n/a (0)"


def run(corpus: str) -> dict[str, Tally]:
    t = {
        k: Tally()
        for k in (
            "yaml_recall",
            "dpi_recall",
            "dpi_recall_text",
            "dpi_mentioned",
            "dpi_recall_mentioned",
            "precision",
            "precision_text",
            "model_generated",
        )
    }
    for key in ("dpi_cards", "card_has_upstream", "card_without_upstream"):
        t[key] = Tally()
    for label, card in load(corpus):
        ups = find_upstreams(card)
        body = split_front_matter(card.readme)[1]
        text_card = Card(
            card.dataset,
            card.source,
            card.location,
            readme="\n".join(card.readme.splitlines()[body:]),
        )
        text_only = [u for u in find_upstreams(text_card) if u.kind == "dataset"]
        data = [u for u in ups if u.kind == "dataset" and u.name != UNNAMED_UPSTREAM]
        for name in extended_names(label):
            t["yaml_recall"].add(any(same(name, u.name) for u in data), f"{label['id']}: {name}")
        dpi = label.get("dpi")
        if not dpi:
            continue
        t["dpi_cards"].add(bool(dpi.get("derived_from")), label["id"])
        # Per card: does the card get upstreams exactly when DPI says it has some?
        key = "card_has_upstream" if dpi.get("derived_from") else "card_without_upstream"
        t[key].add(
            bool(data) == bool(dpi.get("derived_from")), f"{label['id']}: {[u.name for u in data]}"
        )
        _score_dpi(t, label, card, dpi, data, text_only)
        models = [m for m in dpi.get("model_generated") or [] if m.lower() not in _NOT_A_MODEL]
        for model in models:
            found = [u for u in ups if u.kind == "model"]
            t["model_generated"].add(bool(found), f"{label['id']}: {model}")
    return t


def _score_dpi(
    t: dict[str, Tally],
    label: dict,
    card: Card,
    dpi: dict,
    data: list[Upstream],
    text_only: list[Upstream],
) -> None:
    gold = list(dpi.get("derived_from") or [])
    text_norm = norm_name(card.readme or "")
    for name in gold:
        where = f"{label['id']}: {name}"
        t["dpi_recall"].add(any(same(name, u.name) for u in data), where)
        t["dpi_recall_text"].add(any(same(name, u.name) for u in text_only), where)
        mentioned = any(v in text_norm for v in variants(name) if len(v) >= 3)
        t["dpi_mentioned"].add(mentioned, where)
        if mentioned:
            t["dpi_recall_mentioned"].add(any(same(name, u.name) for u in data), where)
    accepted = gold + extended_names(label)
    for key, found in (("precision", data), ("precision_text", text_only)):
        for u in found:
            where = f"{label['id']}: {u.name} [{u.relation}] {u.evidence.snippet[:100]!r}"
            t[key].add(any(same(u.name, g) for g in accepted), where)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)
    tallies = run(args.corpus)
    labels = {
        "yaml_recall": "recall vs YAML extended|<name>",
        "dpi_recall": "recall vs DPI derived_from (all sources)",
        "dpi_recall_text": "recall vs DPI derived_from (text rules only)",
        "dpi_mentioned": "DPI names mentioned in the card at all (upper bound)",
        "dpi_recall_mentioned": "recall vs DPI names mentioned in the card",
        "precision": "precision on DPI cards (all dataset upstreams)",
        "precision_text": "precision on DPI cards (text-found upstreams only)",
        "model_generated": "DPI model_generated (named models) found",
        "dpi_cards": "DPI cards with derived_from names / DPI cards",
        "card_has_upstream": "DPI cards with derived_from that get >= 1 upstream",
        "card_without_upstream": "DPI cards without derived_from that get none",
    }
    for key, text in labels.items():
        print(f"{text:55s} {tallies[key].rate()}")
    if args.verbose:
        for key in (
            "yaml_recall",
            "dpi_recall_mentioned",
            "precision",
            "precision_text",
            "model_generated",
            "card_has_upstream",
            "card_without_upstream",
        ):
            print(f"\n## misses / false positives: {key}", file=sys.stdout)
            for miss in tallies[key].misses:
                print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
