"""Does a repository hold its data itself, or only code that fetches it from elsewhere?"""

from __future__ import annotations

import re

from agent.models import Card
from agent.sources.license_files import DATA_FOLDERS

# Data files by extension: train.jsonl, data.csv, corpus.tsv, test.parquet, dev.conll, images.zip
_DATA_FILE = re.compile(
    r"\.(?:jsonl?|csv|tsv|parquet|arrow|conllu?|xml|zip|tar|tgz|gz|bz2|xz|7z|npy|npz|pkl|h5)$", re.I
)
# The README says the data sits in the repository: "the data is in data/", "data/train.json",
# "in this repository", "included in this repo"
_HERE = re.compile(
    r"\b(?:in|under|within|included\s+in|provided\s+in)\s+(?:this|the)\s+(?:repo(?:sitory)?|folder|directory)\b"
    r"|(?:^|[\s(`'\"])(?:data|dataset|datasets|corpus)/[\w./-]*"
    r"|(?<![\w-])[\w-]{1,100}\.(?:jsonl?|csv|tsv|parquet)\b",
    re.I | re.M,
)  # bounded: linear
# The README sends readers elsewhere for the data: hosted downloads and access requests.
# "Download the data from https://drive.google.com/...", "available upon request", "huggingface.co/datasets/x"
_ELSEWHERE = re.compile(
    r"drive\.google\.com|huggingface\.co/datasets|hf\.co/datasets|zenodo\.org|figshare|dropbox\.com"
    r"|kaggle\.com|catalog\.ldc\.upenn|onedrive|baidu\.com|aka\.ms/|s3\.amazonaws"
    r"|\b(?:available\s+(?:up)?on|by)\s+request\b|\brequest\s+(?:access|the\s+data)\b"
    r"|\bfill\s+(?:out|in)\s+(?:the|this|a)\s+(?:\w+\s+)?form\b",
    re.I,
)


def holds_data(card: Card) -> tuple[bool, str]:
    """(held, why): data files or a data folder listed, or the README says so -> held; a README
    that only sends readers elsewhere -> not held; nothing either way -> held (the repository is
    the dataset's home)."""
    listed = [
        n
        for n in card.listing or []
        if not n.startswith(".") and (_DATA_FILE.search(n) or DATA_FOLDERS.match(n))
    ]
    if listed:
        return True, f"the repository holds data files ({', '.join(listed[:3])})"
    text = card.readme or ""
    here = _HERE.search(text)
    if here:
        return True, f"the README places the data in the repository ({here.group(0).strip()[:60]})"
    away = _ELSEWHERE.search(text)
    if away:
        return False, f"the README sends readers elsewhere for the data ({away.group(0)[:60]})"
    return True, "the README does not point to the data elsewhere"
