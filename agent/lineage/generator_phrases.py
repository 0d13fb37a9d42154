"""Find sentences that bind the data to a model's terms without a making verb: terms phrases, model-output datasets."""

from __future__ import annotations

import re

from agent.lineage.generated import OTHER_USE, not_the_model, split_sentences
from agent.lineage.model_terms import (
    ANY_MODEL,
    OUTPUT_DATASET,
    OUTPUT_DATASET_NAMED,
    PROVIDER_NAME,
    generator_terms,
)
from agent.lineage.prose import Prose
from agent.prefilter import Prefiltered, fold

# Whose terms: a provider ("OpenAI", "Anthropic") or a model or model license named by the table
# ("Llama 2 Community License", "Gemma Terms of Use", "GPT-4").
_WHO = rf"(?:(?:{PROVIDER_NAME})\b|{ANY_MODEL.pattern})"
_TERMS = (
    r"(?:terms\s+of\s+(?:use|service)|(?:usage|use|content)\s+polic(?:y|ies)|terms|polic(?:y|ies)"
    r"|(?:community\s+)?licen[cs]e(?:\s+agreement)?|ToS|restrictions)"
)
# The data falls under a model's or provider's terms.
# Examples: "subject to OpenAI's terms of use", "must comply with the OpenAI usage policies",
# "restrictions imposed by OpenAI", "the terms of use of OpenAI apply", "governed by the Llama 2
# Community License", "please follow Anthropic's usage policy", "models that compete with OpenAI".
_TERMS_PHRASE = re.compile(
    rf"\b(?:subject\s+to|governed\s+by|bound\s+by|compl(?:y|ies|iance)\s+with|abid(?:e|es|ing)\s+by"
    rf"|adher(?:e|es|ing)\s+to|follow(?:s|ing)?|in\s+accordance\s+with|respect(?:s|ing)?)\s+"
    rf"(?:the\s+|any\s+)?(?P<a>{_WHO})(?:'s)?\s+(?:[\w-]+\s+)?{_TERMS}"
    rf"|\b(?:restrictions|limitations|terms|conditions)\s+(?:imposed|set(?:\s+forth)?|specified|defined)\s+by\s+"
    rf"(?:the\s+)?(?P<b>{_WHO})"
    rf"|\b(?:terms\s+of\s+(?:use|service)|usage\s+polic(?:y|ies))\s+of\s+(?:the\s+)?(?P<c>{_WHO})"
    # the clause of OpenAI's terms itself: "must not be used to develop models that compete with OpenAI"
    rf"|\bcompet(?:e|es|ing)\s+with\s+(?:the\s+)?(?P<d>{_WHO})",
    re.I,
)
_WHO_NAMED = Prefiltered(re.compile(_WHO, re.I))
_TERMS_PHRASED = Prefiltered(_TERMS_PHRASE)
# A terms phrase about the released model or weights, not about the data: "Our model weights are
# subject to the Llama 2 Community License" (a data word in the sentence keeps it about the data).
_ABOUT_MODEL = re.compile(r"\b(?:models?|weights|checkpoints?|adapters?|LoRA)\b", re.I)
_ABOUT_DATA = re.compile(
    r"\b(?:data(?:set)?s?|outputs?|responses|generat\w*|annotations?|samples|corpus|instructions"
    r"|conversations|dialogues?|answers|content)\b",
    re.I,
)

# A relation saying the data was taken from or built on a dataset.
# Examples: "We use the ShareGPT data as seed instructions", "filtered from UltraChat",
# "The ShareGPT data can be downloaded from here", "a mix of OpenOrca and our own data".
_DERIVED = re.compile(
    r"\b(?:us(?:e|es|ed|ing)|based\s+on|built\s+(?:on|from)|derived?|from|seeds?|seeded|sampl\w*|subsets?"
    r"|filter\w*|mix\w*|combin\w*|includ\w*|contain\w*|download\w*|collect\w*|source[sd]?|extend\w*)\b",
    re.I,
)
# The name used for something that is not the dataset: "ShareGPT format", "Alpaca-style template".
_NOT_THE_DATASET = re.compile(
    r"^[\s-]{0,3}(?:format|template|style|schema|chat\s+template)\b", re.I
)


# "we do not use ShareGPT", "unlike UltraChat": the sentence sets the dataset aside.
_SET_ASIDE = re.compile(r"\b(?:not|never|no|without|unlike|instead\s+of|rather\s+than)\b", re.I)
# Where a clause starts: "The data is CC BY-NC 4.0; the models are also subject to the Llama 2 license".
_CLAUSE = re.compile(r"[;:,(]|\b(?:and|while|whereas|but)\b", re.I)


def terms_mentions(prose: Prose) -> list[tuple[str, str]]:
    """(provider or model, sentence) for sentences saying the data is subject to its terms."""
    found: list[tuple[str, str]] = []
    if not _may_bind_terms(prose):
        return found
    for sentence in split_sentences(prose.block.text):
        if not _may_bind_terms(prose, fold(sentence)):
            continue
        for match in _TERMS_PHRASE.finditer(sentence):
            who = match.group("a") or match.group("b") or match.group("c") or match.group("d")
            if generator_terms(who) is not None and not _about_the_model(sentence, match.start()):
                found.append((who, sentence.strip()))
    return found


def _may_bind_terms(prose: Prose, folded: str | None = None) -> bool:
    """False when the block (or its sentence, folded) cannot hold a terms phrase: each names
    whose terms (_WHO, a model or provider), and has words of its own ("subject to")."""
    return prose.may_match(_WHO_NAMED, folded) and prose.may_match(_TERMS_PHRASED, folded)


def _about_the_model(sentence: str, start: int) -> bool:
    """The terms phrase speaks of the released model or weights, not of the data: the clause before
    it (or, when that clause names neither, the sentence) names a model and no data."""
    clause = _CLAUSE.split(sentence[:start])[-1]
    text = clause if _ABOUT_MODEL.search(clause) or _ABOUT_DATA.search(clause) else sentence
    return bool(_ABOUT_MODEL.search(text)) and not _ABOUT_DATA.search(text)


def output_dataset_mentions(prose: Prose) -> list[tuple[str, str]]:
    """(dataset, sentence) for data said to come from a dataset of one model's outputs ("ShareGPT")."""
    found: list[tuple[str, str]] = []
    # A sentence is a piece of the block: no such dataset named in the block, none in its sentences
    # (most blocks name none, and one search of the block is cheaper than three per sentence).
    if not prose.search(OUTPUT_DATASET_NAMED):
        return found
    for sentence in split_sentences(prose.block.text):
        if OTHER_USE.search(sentence) or not _DERIVED.search(sentence):
            continue
        for match in OUTPUT_DATASET.finditer(sentence):
            if (
                _NOT_THE_DATASET.match(sentence[match.end() :])
                or not_the_model(sentence, match)
                or _SET_ASIDE.search(sentence[: match.start()])
            ):
                continue
            found.append((match.group(0), sentence.strip()))
    return found


# What a block must hold for each reader here to find anything (the test each makes first; the
# terms reader needs a provider or model named, and more): see agent.lineage.generated.GATES.
GATES = {terms_mentions: _WHO_NAMED, output_dataset_mentions: OUTPUT_DATASET_NAMED}
