"""Does a repository hold its data itself, or only code that fetches it from elsewhere?

Signals are read strongest first and the first one found decides (as licensee's matchers): data
files in the tree; the README saying the data is here; the README sending readers elsewhere for
it; data file names mentioned in its prose; with none of these, the repository is the data's home.
"""

from __future__ import annotations

import functools
import re

from agent.models import Card
from agent.spdx.license_files import DATA_FOLDERS

# Data files by extension: train.jsonl, data.csv, corpus.tsv, test.parquet, dev.conll, images.zip
_DATA_FILE = re.compile(
    r"\.(?:jsonl?|csv|tsv|parquet|arrow|conllu?|xml|zip|tar|tgz|gz|bz2|xz|7z|npy|npz|pkl|h5)$", re.I
)
_DATA_WORD = r"(?:data(?:sets?)?|corpus|corpora|annotations|benchmark\s+data)"
# ... but "data loaders", "dataset preprocessing scripts" are code about data
_NOT_TOOL = (
    r"\b(?![\s-]+(?:loaders?|loading|processing|preprocessing|pipelines?|preparation|generation"
    r"|collection|tools?|scripts?|utilit(?:y|ies)|utils)\b)"
)
# The README says the data sits in the repository (read in prose outside code blocks and URLs)
_HERE = re.compile(
    "|".join(
        (
            # "This repository contains data and models from our paper", "our repo also hosts the corpus"
            r"\b(?:this|the|our)\s+repo(?:sitory)?\s+(?:also\s+)?(?:contains|includes|hosts|holds|provides"
            r"|releases)\s+(?:(?:the|our|all|both)\s+)?(?:(?!code\b|scripts?\b|tools?\b|implementations?\b"
            r"|links?\b|download)[\w-]{1,30},?\s+){0,3}?" + _DATA_WORD + _NOT_TOOL,
            # "the dataset is included in this repo", "data, model or code in this repo"
            r"\b" + _DATA_WORD + r"\b[^.\n]{0,60}?\b(?:in|under|within|included\s+in|provided\s+in)"
            r"\s+this\s+repo(?:sitory)?\b",
            # "The dataset can be found under the `data` folder", "the corpus is in the release directory"
            r"\b"
            + _DATA_WORD
            + r"\b[^.\n]{0,80}?\b(?:in|under|within|inside)\s+(?:the\s+)?[`'\"]?\.?/?"
            r"[\w./-]{1,60}[`'\"]?\s+(?:folder|directory|dir)\b",
            # "The data is in data/", "the annotations are stored under `corpus/v2`"
            r"\b"
            + _DATA_WORD
            + r"\b[^.\n]{0,60}?\b(?:is|are|lives?|sits?|stored|located|provided|kept)"
            r"\s+(?:in|under|at)\s+[`'\"]?\.?/?(?:data|datasets?|corpus|corpora)/",
            # a relative link into a data folder: "[the data](data/)", "[train](./data/train.jsonl)"
            r"\]\((?!\w+:)(?:\./)?(?:data|datasets?|corpus|corpora)(?:/[^)\s]{0,200})?\)",
        )
    ),
    re.I,
)  # bounded repeats: linear
# The README sends readers elsewhere for the data: hosted downloads, access requests, a successor
_ELSEWHERE = re.compile(
    "|".join(
        (
            # hosts of downloads: "https://drive.google.com/...", "huggingface.co/datasets/x"
            r"drive\.google\.com|huggingface\.co/datasets|hf\.co/datasets|zenodo\.org/records?/|figshare"
            r"|dropbox\.com|kaggle\.com|catalog\.ldc\.upenn|onedrive|baidu\.com|aka\.ms/|s3\.amazonaws"
            r"|storage\.googleapis",
            # "available upon request", "request access", "fill out the access form"
            r"\b(?:available\s+(?:up)?on|by)\s+request\b|\brequest\s+(?:access|the\s+data)\b"
            r"|\bfill\s+(?:out|in)\s+(?:the|this|a)\s+(?:\w+\s+)?form\b",
            # "This repo has been deprecated, please refer to https://github.com/o/new", "We have moved
            # to ..." (not "the v1 format is deprecated")
            r"\b(?:this|the)\s+(?:repo(?:sitory)?|project|site|page)\s+(?:has\s+been|is\s+now|is)\s+"
            r"(?:deprecated|archived|moved)\b|\b(?:we|it)\s+(?:have|has)\s+moved\s+to\b",
            # a data file or archive on another host: "https://storage.example.org/qa/train.jsonl.gz"
            # (GitHub links may be this repository's own)
            r"\bhttps?://(?!(?:www\.)?github\.com/|raw\.githubusercontent\.com/)[^\s)\"'<>]{1,300}?"
            r"\.(?:zip|tar|tgz|gz|bz2|xz|7z|jsonl?|csv|tsv|parquet)(?![\w.])",
            # "Please download the Spider dataset from the page", "Download the APPS dataset here"
            r"\b(?:download|obtain)\s+(?:the\s+)?(?:[\w-]{1,30}\s+){0,2}?"
            + _DATA_WORD
            + r"\s+(?:from|at|here|on)\b",
        )
    ),
    re.I,
)
# Weak: a data file or data path named in prose, "data/train.json", "the file `dev.tsv`"
_MENTION = re.compile(
    r"(?:^|[\s(`'\"])(?:data|dataset|datasets|corpus)/[\w./-]*"
    r"|(?<![\w./-])[\w-]{1,100}\.(?:jsonl?|csv|tsv|parquet)\b",
    re.I | re.M,
)
_URL = re.compile(r"\b(?:https?|ftp)://[^\s)\"'<>\]]{1,2000}", re.I)
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_MARKUP = re.compile(
    r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)"
)  # "Download the [**APPS dataset here**](...)" reads as plain words


@functools.lru_cache(maxsize=4)  # read by holds_data and provenance.third_party_content of a card
def prose(text: str) -> str:
    """The README without fenced code blocks and URLs: paths in commands and links to other hosts
    say nothing about what the repository holds ("--gold_path=tydiqa-v1.0-dev.jsonl.gz")."""
    lines, fenced = [], False
    for line in text.splitlines():
        # each pattern needs a literal most lines lack: a fence "```" / "~~~", a URL's "://",
        # emphasis "*" / "_"
        if ("```" in line or "~~~" in line) and _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _URL.sub(" ", line) if "://" in line else line
            lines.append(_MARKUP.sub("", line) if "*" in line or "_" in line else line)
    return "\n".join(lines)


def holds_data(card: Card) -> tuple[bool, str]:
    """(held, why): data files or a data folder listed, or the README says so -> held; a README
    that sends readers elsewhere -> not held; data files named in its prose -> held; nothing
    either way -> held (the repository is the dataset's home)."""
    listed = [
        n
        for n in card.listing or []
        if not n.startswith(".") and (_DATA_FILE.search(n) or DATA_FOLDERS.match(n))
    ]
    if listed:
        return True, f"the repository holds data files ({', '.join(listed[:3])})"
    text = card.readme or ""
    text_prose = prose(text)
    here = _HERE.search(text_prose)
    if here:
        return True, f"the README places the data in the repository ({_short(here.group(0))})"
    away = _ELSEWHERE.search(text) or _ELSEWHERE.search(text_prose)
    if away:
        return False, f"the README sends readers elsewhere for the data ({_short(away.group(0))})"
    named = _MENTION.search(text_prose)
    if named:
        return True, f"the README names data files of the repository ({_short(named.group(0))})"
    return True, "the README does not point to the data elsewhere"


def _short(words: str) -> str:
    return " ".join(words.split())[:60]
