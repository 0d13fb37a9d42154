"""Dataset names the card text gives as sources: "derived from X", source lists, dataset tables."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from agent.lineage.blocks import Block
from agent.lineage.model_terms import terms_for
from agent.lineage.names import HEAD_NOUNS, is_stop_name
from agent.lineage.prose import Prose
from agent.prefilter import Prefiltered

# Trigger phrases, by relation. Each is followed (after a few lowercase words) by a name.
# Examples: "derived from the GENIA corpus", "a subset of [MultiRC](...)",
# "translated from SQuAD", "built on top of CoNLL-2003", "sampled from the Open American
# National Corpus (OANC1)", "The data came from the GENIA version 3.02 corpus".
TRIGGERS = (
    (
        "translated",
        r"translat(?:ed|ion)\s+(?:from|of|versions?\s+of)|machine-translated\s+version\s+of",
    ),
    (
        "subset",
        r"(?:a\s+)?subset\s+of|sampled\s+from|selected\s+from|drawn\s+from|filtered\s+from"
        r"|portions?\s+of|split\s+of",
    ),
    (
        "extended",
        r"extends|extending|extension\s+of|(?:augmented|expanded|enriched)\s+version\s+of",
    ),
    # "a filtered version of X", "a cleaned-up fork of X", "a re-upload of X", "combines X and Y"
    (
        "derived",
        r"(?:filtered|cleaned(?:-up)?|deduplicated|processed|curated|reformatted|formatted"
        r"|corrected|updated|improved|subsampled|shuffled|tokenized|decontaminated|smaller"
        r"|modified)\s+(?:version|copy|subset|variant)\s+of|(?:fork|copy|mirror|re-?upload|port)"
        r"\s+of|combin(?:es|ing|ation\s+of)|merg(?:es|ing|ed\s+from)|mixture\s+of"
        r"|aggregat\w+\s+from|compiled\s+from|generated\s+from|made\s+from",
    ),
    (
        "derived",
        r"derived\s+(?:from|using)|derivative\s+of|based\s+(?:on|upon)|adapted\s+from"
        r"|built\s+(?:on\s+top\s+of|on|upon|from|using)|constructed\s+from|created\s+from"
        r"|extracted\s+from|converted\s+from|re-?annotat\w*|modified\s+version\s+of"
        r"|consists?\s+of\s+(?:\S+\s+){0,5}?from",
    ),
    (
        "sourced",
        r"sourced\s+from|collected\s+from|taken\s+from|comes?\s+from|came\s+from"
        r"|obtained\s+from|gathered\s+from|scraped\s+from|crawled\s+from|mined\s+from"
        r"|originat\w+\s+from|source\s+(?:for|of)\s+(?:this|the)\s+\w+\s+(?:is|are)"
        r"|captions?\s+from|(?:sentences|documents|articles|texts?|questions|passages)\s+from",
    ),
)


@functools.cache  # at most 2**6 sets of entries
def _trigger(entries: tuple[int, ...]) -> re.Pattern[str]:
    """The phrases of these TRIGGERS entries, each entry the group "t<index>". Every phrase starts
    with a letter, so a match starts at a word's first letter: `re` tries the phrases there only
    (at every word boundary, word ends too, it was 3x slower)."""
    if not entries:
        return re.compile(r"(?!)")  # no phrase: nothing matches (not the empty phrase)
    phrases = "|".join(f"(?P<t{i}>{TRIGGERS[i][1]})" for i in entries)
    return re.compile(rf"\b(?=[a-z])(?:{phrases})\b", re.I)


_TRIGGER = _trigger(tuple(range(len(TRIGGERS))))
_RELATION = {f"t{i}": rel for i, (rel, _) in enumerate(TRIGGERS)}
_TRIGGERED = Prefiltered(_TRIGGER)  # skips blocks holding none of the phrases' words (most)
# ... and each entry's: a block is read with the entries whose words it holds, as those that
# cannot match anywhere in it change no match (the first phrase matching at each place).
_ENTRY_WORDS = tuple(Prefiltered(re.compile(rx, re.I)) for _, rx in TRIGGERS)
LINK = re.compile(r"\[(?P<text>[^\]]{1,120})\]\((?P<url>[^)\s]+)\)")
# One name token: "SQuAD", "CoNLL-2003", "3.02", "e-SNLI", "iNaturalist", "(OANC1)"
# (a "." only inside a token, so "Track. Before" stays two sentences)
_WORD = r"(?:[\w'’+&]|[.'’-](?=\w))*"
_START = rf"(?:[A-Z]{_WORD}|[a-z]{{1,3}}-?[A-Z]{_WORD})"
_TOKEN = rf"(?:{_START}|\d{_WORD}|\([A-Z]{_WORD}\))"
_INNER = r"(?:of|for|on|de|del|du|la|le|version|v)"  # "Wizard of Wikipedia", "GENIA version 3.02"
_HEADS = "|".join(h for h in HEAD_NOUNS if h not in ("data", "set", "task"))
NAME = re.compile(
    rf"(?P<name>{_START}(?:\s+(?:{_INNER}\s+)?{_TOKEN}){{0,7}})"
    rf"(?:\s+(?P<head>{_HEADS}|data\s+set)\b)?"
)
# What a web source is made of: a plain site name followed by one of these is a source.
# Examples: "collected from Reddit posts", "extracted from Wikipedia articles".
_SOURCE_NOUN = re.compile(
    r"(?<!\s)\s+(?:articles?|pages?|posts?|comments?|threads?|tweets?|reviews?"
    r"|captions?|transcripts?|subtitles?|books?|abstracts?|news|websites?"
    r"|forums?|archives?|dumps?|entries|documents?)\b",
    re.I,
)
# A Hub id in backticks or quotes: "`allenai/c4`", "'org/name'" (plain "and/or" is not one).
_QUOTED_ID = re.compile(r"[`'\"](?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)[`'\"]")
_FILLER = re.compile(r"[a-z][\w'’-]*,?|\d[\d,.]*[kKmM]?")
_JOIN = re.compile(r"(?<!\s)\s*(?:,\s*(?:and|or)?|;|\band\b|\bor\b|/)\s*", re.I)
_WEAK_LINK = re.compile(
    r"^(?:here|this|link|paper|website|repo(?:sitory)?|github|homepage|page|"
    r"source|the\s+\w+|more information.*|\W+)$|^(?:this|that|our|their|the)\b.*"
    r"\b(?:repo(?:sitory)?|website|page|link|paper|site)$",
    re.I,
)

_MAX_FILLER = 6
# Filler words that end the search: the sentence turned to something else.
# Example: "a subset of these queries were used in the TREC-9 track" (TREC-9 is not a source).
_STOP_FILLER = re.compile(
    r"(?i)^(?:is|are|was|were|be|been|being|has|have|had|used|uses|which|that"
    r"|who|where|when|while|because|than|by|for|to|into|along|with|using"
    r"|guidelines?|formats?|schema|schemes?|framework|approach|methods?"
    r"|definitions?|criteria|instructions|ideas?|principles?|task)$"
)
# Names ending in these words are methods or software, not data.
# Examples: "Cross-document Structure Theory (CST)", "Multichannel Convolutional-LSTM Network".
_NOT_DATA_LAST = re.compile(
    r"(?i)^(?:theory|framework|model|method|algorithm|approach|scheme"
    r"|guidelines|network|architecture|system|library|toolkit|tool|parser"
    r"|tagger|api|software|package|license|licence|agreement|terms)$"
)
# Words right after a name that make it software or a format: "ALTO XML files", "DPR embeddings".
_NOT_DATA_NEXT = re.compile(
    r"(?i)(?<!\s)\s+(?:files?|formats?|schema|library|toolkit|tools?|scripts?"
    r"|models?|embeddings?|api|software|package|guidelines|parser|tagger)\b"
)
# Things built on a dataset, not datasets built on it.
# Example: "before deploying technology based on SBIC" (SBIC is the card's own data).
_USER_BEFORE = re.compile(
    r"(?i)\b(?:models?|systems?|technolog(?:y|ies)|methods?|approach(?:es)?"
    r"|classifiers?|taggers?|parsers?|baselines?|tools?|metrics?)\s+$"
)


# The card's own header lines: "- **Paper:** [Title based on X](...)", "- **Homepage:** ...".
_META_LINE = re.compile(
    r"^\s*[-*]\s*\*\*(?:homepage|repository|paper|leaderboard|point of contact"
    r"|size of|total amount)",
    re.I,
)


def _inside_link_text(text: str, pos: int) -> bool:
    """True when `pos` is inside the [text] of a markdown link (a paper title, say)."""
    opened = text.rfind("[", 0, pos)
    return opened >= 0 and text.rfind("]", 0, pos) < opened and "](" in text[pos : pos + 300]


@dataclass
class Found:
    """A dataset name found in one block, with its relation and where in the block it was."""

    name: str
    relation: str
    url: str | None
    block: Block
    snippet: str


def names_in_block(prose: Prose) -> list[Found]:
    """Names following a trigger phrase in a paragraph or list item."""
    found: list[Found] = []
    block = prose.block
    if _META_LINE.match(block.text) or not prose.may_match(_TRIGGERED):
        return []
    entries = tuple(i for i, words in enumerate(_ENTRY_WORDS) if prose.may_match(words))
    for trig in _trigger(entries).finditer(block.text):
        relation = _RELATION.get(trig.lastgroup or "", "derived")
        if _inside_link_text(block.text, trig.start()):
            continue
        if _USER_BEFORE.search(block.text[max(0, trig.start() - 40) : trig.start()]):
            continue
        for name, url in _names_after(block.text, trig.end()):
            snippet = _sentence_around(block.text, trig.start())
            found.append(Found(name, relation, url, block, snippet))
    return found


def _names_after(text: str, pos: int) -> list[tuple[str, str | None]]:
    """Names in a list right after a trigger: "from X, Y and the Z corpus" -> X, Y, Z."""
    names: list[tuple[str, str | None]] = []
    fillers = 0
    while pos < len(text) and fillers <= _MAX_FILLER:
        rest = text[pos:]
        space = len(rest) - len(rest.lstrip())
        start = pos + space
        name, url, end = _name_at(text, start)
        if name is not None:
            if not name:  # "the US Securities and Exchange ...": no list follows a non-name
                break
            names.append((name, url))
            join = _JOIN.match(text, end)
            if not join or join.end() == end:
                break
            article = re.match(r"(?:the|a|an)\s+", text[join.end() :], re.I)
            pos = join.end() + (article.end() if article else 0)
            fillers = _MAX_FILLER  # after a name only a list may follow
            continue
        filler = _FILLER.match(text, start)
        if not filler or names or _STOP_FILLER.match(filler.group(0).rstrip(",")):
            break
        pos, fillers = filler.end(), fillers + 1
    return names


def _name_at(text: str, start: int) -> tuple[str | None, str | None, int]:
    """(name, url, end) of a name at `start`: "" when a name-like word is not a dataset, None if none."""
    link = LINK.match(text, start)
    if link:
        label = re.sub(r"(?i)^(?:the\s+)?(?:original\s+)?", "", link.group("text").strip(" *`"))
        end = link.end()
        if _NOT_DATA_NEXT.match(text, end):
            return "", None, end
        head = re.match(rf"\s+(?:{_HEADS})\b", text[end:], re.I)
        end += head.end() if head else 0
        if _WEAK_LINK.match(label) or is_stop_name(label) or terms_for(label):
            return "", None, end
        return label, link.group("url"), end
    quoted = _QUOTED_ID.match(text, start)
    if quoted:
        return quoted.group("id"), None, quoted.end()
    match = NAME.match(text, start)
    if not match:
        return None, None, start
    name = re.sub(r"['’]s$", "", match.group("name").rstrip(".,"))  # "Zalando's" -> "Zalando"
    if _NOT_DATA_NEXT.match(text, match.end()):
        return "", None, match.end()
    if accept_name(name, bool(match.group("head"))):
        return (
            (name + (" " + match.group("head") if match.group("head") else "")),
            None,
            match.end(),
        )
    noun = None if match.group("head") else _SOURCE_NOUN.match(text, match.end())
    if noun and accept_name(name, True):  # "Wikipedia articles", "Reddit posts" -> the site
        return name, None, noun.end()
    return "", None, match.end()


def accept_name(name: str, has_head: bool, loose: bool = False) -> bool:
    """A dataset name, not a model, tool or common word: 'MultiRC', 'GENIA corpus' yes; 'English' no."""
    words = [w for w in re.split(r"\s+", name) if w]
    if not words or all(is_stop_name(w.strip("()")) for w in words) or is_stop_name(name):
        return False
    plain = [w for w in words if not w.startswith("(")]  # "Structure Theory (CST)" ends in Theory
    if terms_for(name) or len(name) > 80 or (plain and _NOT_DATA_LAST.match(plain[-1])):
        return False
    parts = [p.strip("()") for w in words for p in w.split("-")]
    if has_head or any(_distinct(p) for p in parts if p and not is_stop_name(p)):
        return True
    return loose and len(words) >= 2


def _distinct(word: str) -> bool:
    """Shaped like a name, not a word: two capitals or letters with digits (SQuAD, OANC1, CoNLL-2003).

    Counted in Python: the regex "[A-Z].*[A-Z]|[A-Za-z].*\\d" backtracks quadratically on long words."""
    capitals = sum("A" <= c <= "Z" for c in word)
    letters = capitals or any("a" <= c <= "z" for c in word)
    return capitals >= 2 or bool(letters and any(c.isdecimal() for c in word))


def _sentence_around(text: str, pos: int) -> str:
    """The sentence holding `pos`, trimmed to 300 characters for evidence."""
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    sentence = text[start : (end + 1 if end >= 0 else len(text))]
    return sentence.strip()[:300]
