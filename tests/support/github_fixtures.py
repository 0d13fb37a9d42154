"""Repositories the GitHub stand-in serves while cassettes are recorded (one per reading/API case).

Built into a temporary folder only when recording; replays need nothing but the cassettes.
License texts come from the SPDX data bundled with licensetrace.
"""

from __future__ import annotations

import json
import os

GITHUB_HOST, GITHUB_PORT = "127.0.0.1", 18781  # fixed while recording: cassettes match the full URI
GITHUB_URL = f"http://{GITHUB_HOST}:{GITHUB_PORT}"
TOKEN = "ghp_test_token_never_recorded"
SPENT_TOKEN = "ghp_test_token_with_two_calls"  # the stand-in allows this one two calls an hour

BADGES = (
    "# GPT data\n\n[![Code License](https://img.shields.io/badge/Code%20License-Apache_2.0-green.svg)]"
    "(LICENSE)\n[![Data License](https://img.shields.io/badge/Data%20License-CC%20By%20NC%204.0-red.svg)]"
    "(DATA_LICENSE)\n\nInstructions generated for research. Files: data/alpaca_gpt4_data.json\n"
)


def _text(license_id: str) -> str:
    from agent.spdx.licenses import text

    return text(license_id)


def _modified_apache() -> str:
    apache = _text("Apache-2.0")
    return apache.replace(
        "9. Accepting Warranty or Additional Liability.",
        "9. Non-commercial use only. You may not use the Work or Derivative Works for "
        "commercial purposes.\n\n10. Accepting Warranty or Additional Liability.",
    )


def repositories() -> dict[str, dict[str, str]]:
    """owner__repo -> {file name (data__LICENSE = data/LICENSE): text}; `.license.json` as GitHub reports."""
    held = "The data is in this repository: data/train.jsonl.\n"
    return {
        "acme__badges": {
            "README.MD": BADGES,
            "LICENSE": _text("Apache-2.0"),
            ".license.json": "Apache-2.0",
        },
        "acme__headings": {
            "readme.md": "# Corpus\n\n## Code License\n\nMIT\n\n## Data License\n\nCC BY 4.0\n"
        },
        "acme__split": {
            "README.txt": "Dialogues.\n\nThe code is released under the MIT license, while the "
            "data is licensed under CC BY-SA 4.0.\n"
        },
        "acme__datalicense": {
            "README.md": "# D\n\n" + held,
            "LICENSE": _text("MIT"),
            ".license.json": "MIT",
            "DATA_LICENSE": _text("CC-BY-NC-4.0"),
        },
        "acme__pointer": {
            "README.md": "# D\n\n## License\n\nPlease see the LICENSE.md file.\n",
            "LICENSE.md": _text("MIT"),
            ".license.json": "MIT",
        },
        "acme__datafolder": {
            "README.md": "# D\n\nThe license of the data is in data/.\n",
            "LICENSE": _text("MIT"),
            "data__LICENSE": _text("CC-BY-4.0"),
            ".license.json": "MIT",
        },
        "acme__gpl": {
            "README.md": "# D\n\n" + held,
            "COPYING": _text("GPL-3.0-only"),
            ".license.json": "GPL-3.0",
        },
        "acme__lgpl": {
            "README.md": "# D\n\n" + held,
            "COPYING.LESSER": _text("LGPL-3.0-only"),
            ".license.json": "LGPL-3.0",
        },
        "acme__reuse": {
            "README.md": "# D\n\n" + held,
            "LICENSES__CC-BY-4.0.txt": _text("CC-BY-4.0"),
            "LICENSES__MIT.txt": _text("MIT"),
        },
        "acme__modified": {
            "README.md": "# D\n\n" + held,
            "LICENSE": _modified_apache(),
            ".license.json": "NOASSERTION",
        },
        "acme__nolicense": {"README.md": "# D\n\nA corpus of dialogues. " + held},
        "acme__elsewhere": {
            "README.md": "# D\n\nDownload the data from https://drive.google.com/file/d/abc.\n",
            "LICENSE": _text("MIT"),
            ".license.json": "MIT",
        },
        "acme__codeonly": {"README.md": "# D\n\n## License\n\nThe code is MIT licensed.\n"},
        "acme__large": {"README.md": "# Big\n\n## License\n\nCC BY 4.0\n\n" + "row\n" * 15_000},
        "acme__secret": {"README.md": "# Private\n\n## License\n\nCC0 1.0\n"},
        "acme__busy": {"README.md": "# Busy\n\n## License\n\nMIT\n"},
        "acme__empty": {},
        "acme__src-data": {
            "README.md": "# Tool\n\n## Data License\n\nThe data is licensed under CC BY-NC 4.0.\n\n"
            "## Code\n\nThe code is MIT licensed.\n"
        },
        "acme__src-code": {
            "README.md": "# Tool\n\n## License\n\nThe code is released under the Apache 2.0 "
            "license.\n",
            "LICENSE": _text("Apache-2.0"),
            ".license.json": "Apache-2.0",
        },
    }


def build_github_root(folder: str) -> str:
    """Write the repositories and .github.json (renamed / blocked / private) under `folder`."""
    from tests.support.github_data_fixtures import data_repositories

    for name, files in {**repositories(), **data_repositories()}.items():
        path = os.path.join(folder, name)
        os.makedirs(path, exist_ok=True)
        for file, text in files.items():
            if file == ".license.json":
                detected = min(f for f in files if f.startswith(("LICENSE", "COPYING")))
                text = json.dumps({"path": detected, "spdx_id": text})
            with open(os.path.join(path, file), "w", encoding="utf-8") as handle:
                handle.write(text)
    with open(os.path.join(folder, ".github.json"), "w", encoding="utf-8") as handle:
        json.dump(
            {
                "renamed": {"acme/old-badges": "acme/badges"},
                "blocked": ["acme/dmca"],
                "private": ["acme/secret"],
            },
            handle,
        )
    return folder
