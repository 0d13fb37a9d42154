"""The datasets the Hub stand-in serves while cassettes are recorded (deterministic content)."""

from __future__ import annotations

import json
import os
import shutil

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CARDS = os.path.join(TESTS, "fixtures", "cards")
HOSTILE = os.path.join(TESTS, "fixtures", "hostile")
FIXED_MTIME = 1_700_000_000  # 2023-11-14T22:13:20Z
TEST_TOKEN = "hf_TESTtoken0000do0not0leak"  # the only token the recording stand-in accepts
MIT = (
    "MIT License\n\nCopyright (c) 2024 Example\n\nPermission is hereby granted, free of charge, "
    "to any person obtaining a copy of this software...\n"
)


def _card(license_yaml: str, body: str = "# A dataset\n") -> bytes:
    return f"---\n{license_yaml}\n---\n\n{body}".encode()


def _hostile(rel: str) -> bytes:
    with open(os.path.join(HOSTILE, *rel.split("/")), "rb") as handle:
        return handle.read()


# name -> {file: bytes, ".hub.json": sidecar dict}
SPECIAL = {
    "lt-test/with-license": {
        "README.md": _card("license: mit\npretty_name: With license"),
        "LICENSE": MIT.encode(),
        "data/train.csv": b"a,b\n1,2\n",
    },
    "lt-test/gated": {
        "README.md": _card("license: other\nlicense_name: acme-terms\nlicense_link: LICENSE"),
        "LICENSE": b"ACME research terms: no commercial use.\n",
        ".hub.json": {"gated": "manual"},
    },
    "lt-test/gated-card": {
        "README.md": _card("license: other"),
        ".hub.json": {"gated": "auto", "readme_gated": True},
    },
    # .gitattributes: a folder is a dataset when it holds a regular file (real repos all have one)
    "lt-test/no-readme": {".gitattributes": b"*.csv -text\n", "data/train.csv": b"a,b\n1,2\n"},
    "lt-test/bad-yaml": {
        "README.md": b"---\nlicense: [mit\npretty_name: 'broken\n---\n\n# Bad YAML\n\n"
        b"## Licensing Information\n\nMIT\n"
    },
    "lt-test/yaml-list": {"README.md": b"---\n- mit\n- apache-2.0\n---\n\n# A list as header\n"},
    "lt-test/yaml-scalar": {"README.md": b"---\njust a sentence\n---\n\n# A scalar as header\n"},
    "lt-test/alias-bomb": {"README.md": _hostile("alias_bomb/README.md")},
    "lt-test/latin1": {
        "README.md": "---\nlicense: cc-by-4.0\n---\n\n# Donn\xe9es fran\xe7aises\n\n"
        "Licence : CC BY 4.0\n".encode("latin-1")
    },
    "lt-test/big-readme": {
        "README.md": _card("license: mit", "# Big\n\n" + "x" * 70 * 1024 + "\n")
    },
    "lt-test/flaky": {"README.md": _card("license: apache-2.0"), ".hub.json": {"fail_first": 1}},
    "lt-test/throttled": {
        "README.md": _card("license: cc0-1.0"),
        ".hub.json": {"throttle_first": 1, "retry_after": 1},
    },
    "lt-test/lfs-license": {
        "README.md": _card("license: mit"),
        "LICENSE": MIT.encode(),
        ".hub.json": {"lfs": True},
    },
    "lt-test/disabled": {"README.md": _card("license: mit"), ".hub.json": {"disabled": True}},
    "lt-test/old-name": {".hub.json": {"moved_to": "lt-test/with-license"}},
    "lt-test/private": {
        "README.md": _card("license: mit"),
        ".hub.json": {"private": True, "readers": []},
    },
    # Listing (GET /api/datasets?author=lt-list): five datasets, paged two by two in the tests
    **{
        f"lt-list/set-{i}": {"README.md": _card(f"license: {lic}", f"# Set {i}\n")}
        for i, lic in enumerate(["mit", "apache-2.0", "cc-by-4.0", "cc0-1.0", "cc-by-sa-4.0"])
    },
    # Lineage: a chain top -> middle -> base (the base is non-commercial), a cycle a <-> b, an
    # upstream that does not exist, and data generated with a commercial model.
    "lt-chain/top": {
        "README.md": _card(
            "license: cc-by-4.0\nsource_datasets:\n- extended|lt-chain/middle",
            "# Top\n\n## Licensing Information\n\nCC BY 4.0\n",
        )
    },
    "lt-chain/middle": {
        "README.md": _card(
            "license: mit\nsource_datasets:\n- lt-chain/base",
            "# Middle\n\nA subset of lt-chain/base, relabelled.\n",
        )
    },
    "lt-chain/base": {
        "README.md": _card(
            "license: cc-by-nc-4.0",
            "# Base\n\n## Licensing Information\n\n"
            "Creative Commons Attribution-NonCommercial 4.0 International.\n",
        )
    },
    "lt-cycle/a": {"README.md": _card("license: mit\nsource_datasets:\n- extended|lt-cycle/b")},
    "lt-cycle/b": {
        "README.md": _card("license: apache-2.0\nsource_datasets:\n- extended|lt-cycle/a")
    },
    "lt-chain/orphan": {
        "README.md": _card("license: cc0-1.0\nsource_datasets:\n- extended|lt-chain/gone")
    },
    "lt-chain/synthetic": {
        "README.md": _card(
            "license: apache-2.0",
            "# Synthetic\n\nEvery answer in this "
            "dataset was generated with GPT-4 from our prompts.\n",
        )
    },
}


def build_hub_root(dest: str) -> str:
    """Write the stand-in's root: the real fixture cards as canonical ids, then SPECIAL."""
    os.makedirs(dest, exist_ok=True)
    for name in sorted(os.listdir(CARDS)):
        if os.path.isdir(os.path.join(CARDS, name)):
            shutil.copytree(os.path.join(CARDS, name), os.path.join(dest, name), dirs_exist_ok=True)
    for repo_id, files in SPECIAL.items():
        for rel, content in files.items():
            path = os.path.join(dest, *repo_id.split("/"), *rel.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = json.dumps(content).encode() if rel == ".hub.json" else content
            with open(path, "wb") as handle:
                handle.write(data)
    for base, _, names in os.walk(
        dest
    ):  # a fixed lastModified: re-recorded cassettes stay the same
        for name in names:
            os.utime(os.path.join(base, name), (FIXED_MTIME, FIXED_MTIME))
    return dest
