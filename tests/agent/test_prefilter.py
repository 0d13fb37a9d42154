"""The literal prefilter only ever skips text its pattern cannot match."""

from __future__ import annotations

import random
import re

import pytest

from agent.prefilter import Prefiltered, fold, required_literals


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\bGPT-?[34]\b|claude", re.I, {"gpt3", "gpt4", "gpt-3", "gpt-4", "claude"}),
        (
            r"(?:text|code)-(?:davinci|ada)",
            re.I,
            {"text-davinci", "text-ada", "code-davinci", "code-ada"},
        ),
        (r"xai(?:'s)?\s+api", re.I, {"xai"}),  # "xai's" holds "xai": it asks no more
        (r"derived\s+from", 0, {"derived"}),
        (r"o[134]-mini", 0, {"o1-mini", "o3-mini", "o4-mini"}),
    ],
)
def test_required_literals_are_read_from_the_pattern(pattern, flags, expected):
    assert required_literals(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"\w+ model", r"(?:gpt|\d+)", r"[A-Z][a-z]+", r"(?:abc)?", r"x*", r"é+t", r"(a)\1"],
)
def test_a_pattern_that_needs_no_literal_always_runs(pattern):
    pf = Prefiltered(re.compile(pattern, re.I))
    assert pf.literals is None or all(pf.literals)
    assert pf.may_match("") is (pf.literals is None)


def test_case_and_the_non_ascii_letters_re_ignorecase_equates_with_ascii_ones():
    pf = Prefiltered(re.compile(r"\bstable\s+diffusion|kimi|gpt-?4", re.I))
    for text in ("STABLE Diffusion", "ſtable diffusion", "\u212aimi", "GPT-4", "\u0130", "gpt4"):
        assert bool(pf.search(text)) is bool(pf.pattern.search(text)), text


def test_fold_covers_every_character_re_ignorecase_matches_to_an_ascii_letter():
    # The regular expression engine itself says which characters those are.
    every = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    for ch in re.findall("[a-z]", every, re.I):
        assert fold(ch).isascii() and re.fullmatch(fold(ch), ch, re.I), ch


def test_prefiltered_search_agrees_with_the_pattern_on_random_text():
    words = ["gpt-4", "GPT4", "generated", "by", "Claude", "claud", "llama", "the", "data", "-"]
    pattern = re.compile(r"\b(?:gpt-?4|claude(?:[- ]\d)?|llama[- ]?\d)\b|generated\s+by", re.I)
    pf = Prefiltered(pattern)
    rng = random.Random(7)
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in pf.finditer(text)] == expected, text
        assert bool(pf.search(text)) is bool(expected), text


def test_the_folded_text_can_be_given_once_for_several_patterns():
    text = "Responses were written by GPT-4."
    folded = fold(text)
    assert Prefiltered(re.compile(r"gpt-?4", re.I)).search(text, folded).group(0) == "GPT-4"
    assert Prefiltered(re.compile(r"claude", re.I)).search(text, folded) is None


def test_letters_without_case_are_literals_and_cased_ones_outside_ascii_are_not():
    assert required_literals(re.compile(r"仅(?:限|供)研究", re.I)) == {"仅限研究", "仅供研究"}
    # "Σ" lower-cases to "σ" or "ς" by its place in a word: not a literal to look for
    assert required_literals(re.compile(r"ΟΔΟΣ|road", re.I)) is None
    pf = Prefiltered(re.compile(r"仅供研究|ΟΔΟΣ", re.I))
    for text in ("本数据仅供研究使用", "οδος", "ΟΔΟΣ", "nothing"):
        assert bool(pf.search(text)) is bool(pf.pattern.search(text)), text


def test_fold_translates_only_the_four_characters_and_lower_cases_the_rest():
    assert fold("Straße ΟΔΟΣ ſtable \u212aelvin \u0130") == "straße οδος stable kelvin i"
