"""Data gathered from third parties: a repository's own license cannot clear its commercial use.

A repository-wide license (a root LICENSE, an unscoped README statement) is the authors' grant over
what they wrote; when the README says the data was scraped, crawled or taken from other people's
works (web pages, social media, textbooks, published datasets), their rights are not the
authors' to grant, so the commercial verdict is `unclear`, whatever the license allows.
"""

from __future__ import annotations

import re

from agent.extract.markdown import lines_holding
from agent.extract.repo.holds import prose
from agent.prefilter import Prefiltered

# Where third-party content comes from: "websites", "Reddit posts", "instructional textbooks",
# "published datasets", "open source GitHub repositories", "YouTube videos", "news articles"
_SOURCES = (
    r"(?:web\s*(?:sites?|pages?)|the\s+(?:web|internet)|online\s+\w+|social\s+media|news(?:papers?)?"
    r"|forums?|blogs?|textbooks?|books|exams?|(?:published|existing|public(?:ly\s+available)?|"
    r"third[\s-]party|open[\s-]source)\s+[\w\s-]{0,30}?(?:datasets?|corpora|resources|repositor(?:y|ies)|projects)"
    r"|twitter|tweets|reddit|youtube|wikipedia|github|stack\s*(?:overflow|exchange)|quora|weibo|zhihu"
    r"|facebook|instagram|tiktok|amazon|yelp|imdb|movies?|subtitles|lyrics)"
)
# "assembled by scraping from open source GitHub repositories", "we crawled 10k Reddit threads",
# "problems sourced from instructional textbooks", "3 recompiled from published datasets",
# "Crawling data from 3 youtube videos", "tweets collected via the Twitter API"
_THIRD_PARTY = re.compile(
    r"\b(?:scrap(?:ed|ing|es?)|crawl(?:ed|ing|s)?|harvest(?:ed|ing))\b"
    r"|\b(?:collected|extracted|sourced|gathered|compiled|recompiled|obtained|taken|mined|"
    r"downloaded|retrieved)\s+(?:\w+\s+){0,2}?(?:from|via|through|on)\s+(?:[\w.-]{1,30}\s+){0,4}?"
    + _SOURCES
    + r"\b",
    re.I,
)  # bounded repeats: linear
_THIRD_PARTY_WORDS = Prefiltered(_THIRD_PARTY)  # most lines hold none of its verbs
# Scraping as a method the authors study or ship, not how the data was made: "a web scraper
# library", "our crawler code", "scraping scripts are in tools/"
_TOOLING = re.compile(
    r"(?:scrap|crawl)\w*\s+(?:scripts?|code|tools?|librar(?:y|ies)|framework)", re.I
)
# A bare "scraped" / "crawled" speaks of the data only beside what was gathered: "the corpora were
# assembled by scraping", "we crawled 10k threads" (not "this library crawls websites for you")
_GATHERED = re.compile(
    r"\b(?:data(?:sets?)?|corpus|corpora|posts|pages|threads|comments|tweets|articles|reviews|"
    r"texts|documents|images|questions|dialogues|conversations|examples|samples)\b",
    re.I,
)
_BARE = re.compile(r"scrap|crawl|harvest", re.I)


def third_party_content(readme: str | None) -> str | None:
    """The README's words saying the data was gathered from others' works, or None.

    >>> third_party_content("The corpus was assembled by scraping open source GitHub repositories.")
    'scraping'
    >>> third_party_content("Problems sourced from instructional textbooks.")
    'sourced from instructional textbooks'
    >>> third_party_content("Written by our annotators from scratch.") is None
    True
    """
    lines = prose(readme or "").splitlines()
    for index in lines_holding(lines, _THIRD_PARTY_WORDS.literals):
        line = lines[index]
        match = _THIRD_PARTY.search(line)
        if not match or _TOOLING.match(line, match.start(), match.start() + 40):
            continue
        if _BARE.match(match.group(0)) and not _GATHERED.search(line):
            continue
        return " ".join(match.group(0).split())[:80]
    return None
