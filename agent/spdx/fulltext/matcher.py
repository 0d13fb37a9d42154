"""Full license texts -> SPDX ids: a word 5-gram shingle index over the bundled SPDX texts, Dice scores.

The index is built lazily, once per process (about 0.8 s of CPU), as an inverted index (shingle
-> licenses) plus each license's shingle count, so one query costs one dictionary lookup per query
shingle (about 3 ms for a full license). Texts that are identical on the list (GPL-2.0-only and
GPL-2.0-or-later) are indexed once under a preferred id ("-only", the SPDX meaning of a LICENSE
file that states no "or later").

Scores of a Candidate: `dice` = 2|Q∩L| / (|Q|+|L|) (same text), `coverage` = |Q∩L| / |L| (the
license is inside the query, e.g. a LICENSE with an extra preamble), `score` their mean, or
0.95 x coverage when that is higher (a whole license inside a README).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from agent.spdx import licenses
from agent.spdx.fulltext.normalize import shingles, tokens

CONFIDENT = 0.80  # score from which a match is reported as confident
MARGIN = 0.04  # runners-up closer than this must be beaten on the words where they differ:
SEPARATION = 0.3  # share of top-only shingles present minus share of runner-only ones present


CONTAINED = 0.95  # a license found whole inside a longer text (MIT pasted in a README) scores
CONTAINED_MIN = 60  # coverage x 0.95, if it has enough shingles for containment to mean something


class Candidate(NamedTuple):
    id: str
    score: float  # mean of dice and coverage (or 0.95 x coverage for a contained text), 0..1
    dice: float
    coverage: float
    confident: bool = False


SAMPLE_FROM = 800  # texts with more shingles are indexed/queried by hashes with h % 4 == 0 only:
SAMPLE_MOD = 4  # the same Dice estimate for a quarter of the work (sizes are kept for both views)


def _preference(license_id: str) -> tuple:
    """Among ids sharing one text, the one reported: GPL-2.0-only over GPL-2.0-or-later,
    GFDL-1.3-only over its invariants variants, MPL-2.0 over MPL-2.0-no-copyleft-exception."""
    return (
        not license_id.endswith("-only"),
        "invariants" in license_id,
        len(license_id),
        license_id,
    )


# Parts of list texts that copies often leave out (the SPDX templates mark them optional): the
# "how to apply" appendices and the Creative Commons preamble and trailer. Example: a LICENSE with
# Apache-2.0 up to "END OF TERMS AND CONDITIONS" must match Apache-2.0, not a look-alike without
# an appendix. Such licenses are indexed twice: as listed, and as their core.
_CORE_START = re.compile(
    r"By exercising the Licensed Rights|THE WORK \(AS DEFINED BELOW\) IS PROVIDED"
)
_CORE_END = re.compile(
    r"END OF TERMS AND CONDITIONS|How to Apply These Terms|ADDENDUM: How to use "
    r"this License|Creative Commons is not a party to its public licenses|"
    r"Creative Commons Notice"
)


def core_text(body: str) -> str | None:
    """The license without its optional preamble/appendix, or None when it has neither."""
    start, end = _CORE_START.search(body), _CORE_END.search(body)
    core = body[start.start() if start else 0 : end.start() if end else len(body)]
    return core if len(core) < 0.97 * len(body) else None


class _Index(NamedTuple):
    ids: list[str]  # position -> reported id (a license with a core variant has two positions)
    bodies: list[str]  # position -> text indexed
    sizes: list[int]  # shingle count per license
    sampled: list[int]  # count of its shingles with h % SAMPLE_MOD == 0
    long: list[bool]  # indexed by its sampled shingles only
    postings: dict[int, int | tuple[int, ...]]  # shingle -> position (int) or tuple of positions
    same_text: dict[str, list[str]]  # reported id -> other ids with the identical text
    build_seconds: float  # CPU time


def _build() -> _Index:
    start = time.process_time()
    by_text: dict[str, list[str]] = {}
    for lid, body in licenses.texts().items():
        by_text.setdefault(body.strip(), []).append(lid)
    ids: list[str] = []
    bodies, sizes, sampled, long, same = [], [], [], [], {}
    postings: dict[int, int | tuple[int, ...]] = {}
    variants = []
    for body, group in by_text.items():
        group.sort(key=_preference)
        same[group[0]] = group[1:]
        variants += [(group[0], v) for v in (body, core_text(body)) if v]
    for lid, body in variants:
        pos, sh = len(ids), shingles(tokens(body))
        sub = {h for h in sh if h % SAMPLE_MOD == 0}
        ids.append(lid)
        bodies.append(body)
        sizes.append(len(sh))
        sampled.append(len(sub))
        long.append(len(sh) > SAMPLE_FROM)
        keys = sub if long[-1] else sh
        new = keys.difference(postings)  # set operations run in C: most shingles are new
        postings.update(dict.fromkeys(new, pos))
        for h in keys - new:
            prev = postings[h]
            postings[h] = prev + (pos,) if isinstance(prev, tuple) else (prev, pos)
    return _Index(ids, bodies, sizes, sampled, long, postings, same, time.process_time() - start)


_LOCK = threading.Lock()
_INDEX: list[_Index] = []


def index() -> _Index:
    """The shingle index, built on first use (thread-safe, once per process)."""
    if not _INDEX:
        with _LOCK:
            if not _INDEX:
                _INDEX.append(_build())
    return _INDEX[0]


def index_stats() -> dict:
    """Figures for reports: licenses indexed, distinct shingles, build time in seconds."""
    idx = index()
    return {
        "licenses": len(set(idx.ids)),
        "texts": len(idx.ids),
        "shingles": len(idx.postings),
        "build_seconds": round(idx.build_seconds, 3),
        "list_version": licenses.list_version(),
    }


def same_text_ids(license_id: str) -> list[str]:
    """Other SPDX ids whose list text is identical: "GPL-2.0-only" -> ["GPL-2.0-or-later"]."""
    return list(index().same_text.get(license_id, []))


@lru_cache(maxsize=128)
def _shingles_at(pos: int) -> frozenset[int]:
    """Shingles of one indexed text (kept only for the few that reach a final decision)."""
    return frozenset(shingles(tokens(index().bodies[pos])))


# --- matching ---


def _rank(query: set[int], idx: _Index) -> list[tuple[float, float, float, int]]:
    """(score, dice, coverage, position) per license sharing a shingle with the query, best first;
    of a license's two variants only the better one."""
    sub = {h for h in query if h % SAMPLE_MOD == 0}
    if len(query) > SAMPLE_FROM:  # long query: every license compared on sampled shingles
        query, sizes, n_long = sub, idx.sampled, len(sub)
    else:  # short query: short licenses compared in full, long ones on the sampled part
        sizes, n_long = None, len(sub)
    hits: Counter = Counter()
    get = idx.postings.get
    for h in query:
        p = get(h)
        if isinstance(p, int):
            hits[p] += 1
        elif p is not None:
            hits.update(p)
    scored = []
    for pos, common in hits.items():
        if sizes is not None:
            size, n = sizes[pos], n_long
        else:
            size, n = (idx.sampled[pos], n_long) if idx.long[pos] else (idx.sizes[pos], len(query))
        dice, coverage = 2 * common / ((n + size) or 1), common / (size or 1)
        contained = coverage * CONTAINED if idx.sizes[pos] >= CONTAINED_MIN else 0.0
        scored.append((max((dice + coverage) / 2, contained), dice, coverage, pos))
    seen: set[str] = set()
    best = []
    for entry in sorted(scored, reverse=True):
        if idx.ids[entry[3]] not in seen:
            seen.add(idx.ids[entry[3]])
            best.append(entry)
    return best


def separation(query: set[int], a: frozenset, b: frozenset) -> float:
    """How much better the query fits text `a` than text `b` on the words where they differ:
    share of a-only shingles present minus share of b-only shingles present (-1..1).
    CC-BY-SA-4.0 vs CC-BY-4.0: the ShareAlike clauses decide, whatever the rest scores."""
    only_a, only_b = a - b, b - a
    has_a = len(query & only_a) / len(only_a) if only_a else 1.0
    has_b = len(query & only_b) / len(only_b) if only_b else 0.0
    return has_a - has_b


def _decide(query: set[int], ranked: list) -> tuple[list, bool]:
    """Runners-up within MARGIN meet the leader on their differing words: a clear winner (by
    SEPARATION) leads; an unclear duel leaves the match unconfident."""
    ranked, confident = list(ranked), ranked[0][0] >= CONFIDENT
    for other in list(ranked[1:4]):
        lead = ranked[0]
        if lead[0] - other[0] >= MARGIN:
            break
        sep = separation(query, _shingles_at(lead[3]), _shingles_at(other[3]))
        if sep <= -SEPARATION:
            ranked.remove(other)
            ranked.insert(0, other)
        elif sep < SEPARATION:
            confident = False
    return ranked, confident and ranked[0][0] >= CONFIDENT


def match_shingles(query: set[int], limit: int = 5) -> list[Candidate]:
    """Candidates for a query's shingle set, best first (see match_text)."""
    ranked = _rank(query, index()) if query else []
    if not ranked:
        return []
    ranked, confident = _decide(query, ranked)
    ids = index().ids
    return [
        Candidate(ids[pos], round(score, 4), round(dice, 4), round(cov, 4), confident and i == 0)
        for i, (score, dice, cov, pos) in enumerate(ranked[:limit])
    ]


def match_text(text: str, limit: int = 5) -> list[Candidate]:
    """Closest SPDX licenses to a full license text, best first. `confident` is set on the first
    only when it is clearly that text (score >= CONFIDENT and it wins on the words that differ
    from every close runner-up); otherwise the list shows the closest candidates.

    match_text(open("LICENSE").read())[0] -> Candidate("Apache-2.0", 0.99, ..., confident=True)
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return match_shingles(shingles(tokens(text)), limit)


def best_match(text: str) -> Candidate | None:
    """The confident full-text match, or None."""
    found = match_text(text, limit=2)
    return found[0] if found and found[0].confident else None


def contained_licenses(text: str, min_coverage: float = 0.9) -> list[Candidate]:
    """Every license found whole in a text, variants explained by a better one left out.

    A LICENSE holding the MIT text then the Apache-2.0 text -> [Apache-2.0, MIT] (each confident);
    MIT-0, fully inside any MIT text, is dropped because MIT wins on their differing words."""
    query = shingles(tokens(text)) if isinstance(text, str) else set()
    ranked = _rank(query, index()) if query else []
    idx = index()
    kept: list = []
    for entry in ranked[:12]:
        if entry[2] < min_coverage or idx.sizes[entry[3]] < CONTAINED_MIN:
            continue
        mine = _shingles_at(entry[3])
        if all(separation(query, _shingles_at(k[3]), mine) < SEPARATION for k in kept):
            kept.append(entry)
    return [
        Candidate(idx.ids[pos], round(score, 4), round(dice, 4), round(cov, 4), True)
        for score, dice, cov, pos in kept
    ]
