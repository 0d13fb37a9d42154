"""Repositories for the data-reading cases of the GitHub stand-in: where the data lives, whose works it is.

Synthetic READMEs written the way dataset repositories are (no copy of a corpus repository), served by
tests/support/github_server.py when cassettes are recorded (tests/agent/extract/repo/test_github_data_reading.py).
"""

from __future__ import annotations


def _text(license_id: str) -> str:
    from agent.spdx.licenses import text

    return text(license_id)


def data_repositories() -> dict[str, dict[str, str]]:
    """owner__repo -> {file name (data__x = data/x): text}; `.license.json` as GitHub reports."""
    return {
        # says it holds the data, though it also links a mirror on the Hub
        "acme__contains": {
            "README.md": "# Street Signs\n\nThis repository contains the annotations and baseline "
            "models from our LREC paper.\n\nA mirror is on [the Hub]"
            "(https://huggingface.co/datasets/acme/street-signs).\n",
            "COPYING": _text("GPL-3.0-only"),
            ".license.json": "GPL-3.0",
        },
        # code only: the data is a download from the project's bucket; paths appear in commands only
        "acme__bucket": {
            "README.md": "# QA baselines\n\nThis repository contains the evaluation code and the "
            "baselines.\n\n## Data\n\n* [train](https://storage.example.org/qa/v1/train.jsonl.gz)\n\n"
            "```\npython eval.py --gold data/dev.jsonl --pred out.jsonl\n```\n",
            "LICENSE": _text("Apache-2.0"),
            ".license.json": "Apache-2.0",
        },
        # the data sits in a named folder of the repository
        "acme__folder": {
            "README.md": "# Summaries\n\nThe dataset can be found under the `data` folder; scripts "
            "for the baselines are under `src`.\n",
            "LICENSE": _text("MIT"),
            ".license.json": "MIT",
        },
        # a deprecated repository that sends readers to its successor
        "acme__deprecated": {
            "README.md": "This repository has been deprecated; please refer to "
            "https://github.com/acme/signs-v2 for the newest version.\n",
            "LICENSE": _text("MIT"),
            ".license.json": "MIT",
        },
        # the same notice, but the data files are committed here: the tree decides
        "acme__deprecated-data": {
            "README.md": "This repository has been deprecated; please refer to "
            "https://github.com/acme/signs-v2 for the newest version.\n",
            "LICENSE": _text("MIT"),
            ".license.json": "MIT",
            "data__train.jsonl": '{"text": "a"}\n',
        },
        # posts scraped from a forum under a repository-wide MIT license
        "acme__scraped": {
            "README.md": "# Forum threads\n\nThe corpus was built by scraping 40k threads from public "
            "forums in 2021. The data is in data/threads.jsonl.\n",
            "LICENSE": _text("MIT"),
            ".license.json": "MIT",
        },
        # the same forum data with its own data license: the authors decided, the verdict stands
        "acme__scraped-licensed": {
            "README.md": "# Forum threads\n\nThe corpus was built by scraping 40k threads from public "
            "forums in 2021.\n\n## Data License\n\nThe dataset is released under CC BY 4.0.\n",
        },
        # a custom license file written for the data, while the data is downloaded elsewhere
        "acme__freeuse": {
            "README.md": "# Pairs\n\nDownload the data from https://drive.google.com/file/d/xyz.\n",
            "LICENSE": "The dataset may be freely used for any purpose, although acknowledgement of "
            "Acme Labs as the data source would be appreciated. The dataset is provided AS IS.\n",
            ".license.json": "NOASSERTION",
        },
        # a license note that gives the scripts MIT and leaves the data under its sources' licenses
        "acme__split-note": {
            "README.md": "# Functions\n\nPairs of functions and docstrings, in data/pairs.jsonl.\n",
            "LICENSE": "The preprocessing scripts in this repository (files ending in .py) are\n"
            "subject to the MIT licence, included as the file MIT-LICENSE.\n\n"
            "The data contained in the corpus is under the respective licences of the projects it\n"
            "was taken from and should not be used, without their authors' consent, for purposes\n"
            "other than research.\n",
            "MIT-LICENSE": _text("MIT"),
            ".license.json": "NOASSERTION",
        },
        # a public-domain dedication, a research remark that is no term, and an explicit grant
        "acme__grant": {
            "README.md": "# Sentiment\n\nThe data is in data/.\n\n## Copyright and disclaimer\n\n"
            "Our partner helped label the posts. These labels are for research purposes only and do "
            "not represent the partner's professional work.\n\nYou are free to use this dataset for "
            "any purpose, without any restrictions.\n",
            "LICENSE": _text("CC0-1.0"),
            ".license.json": "CC0-1.0",
        },
    }
