"""The Hub stand-in keeps to HUB_API.md: info fields, file headers, the error table, 429 headers."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from tests.conftest import ROOT
from tests.support.hub_fixtures import TEST_TOKEN, build_hub_root
from tests.support.hub_server import HubStandIn

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = build_hub_root(str(tmp_path_factory.mktemp("root")))
    with HubStandIn(root, tokens={TEST_TOKEN}) as server:
        yield server


def get(hub, path, token=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.get(hub.url + path, headers=headers, timeout=5, allow_redirects=False)


def test_info_fields_as_the_hub_gives_them(hub):
    info = get(hub, "/api/datasets/dyk").json()
    assert len(info["sha"]) == 40 and info["id"] == "dyk" and info["private"] is False
    assert info["gated"] is False and info["disabled"] is False
    assert info["cardData"]["license"] == ["bsd-3-clause"]  # a list stays a list
    assert {"license:bsd-3-clause", "source_datasets:original"} <= set(info["tags"])
    assert {"rfilename": "README.md"} in info["siblings"] and info["lastModified"].endswith("Z")


def test_card_without_header_has_no_card_data(hub):
    info = get(hub, "/api/datasets/csv").json()
    assert "cardData" not in info and [t for t in info["tags"] if t.startswith("license:")] == []


def test_expand_narrows_the_info(hub):
    info = get(hub, "/api/datasets/dyk?expand[]=sha&expand[]=cardData").json()
    assert set(info) == {"_id", "id", "sha", "cardData"}


def test_sha_is_stable_and_pins_files(hub):
    sha = get(hub, "/api/datasets/lt-test/with-license").json()["sha"]
    assert get(hub, "/api/datasets/lt-test/with-license").json()["sha"] == sha
    assert get(hub, f"/api/datasets/lt-test/with-license/revision/{sha}").json()["sha"] == sha
    readme = get(hub, f"/datasets/lt-test/with-license/resolve/{sha}/README.md")
    assert readme.headers["X-Repo-Commit"] == sha and readme.text.startswith("---\nlicense: mit")
    assert int(readme.headers["Content-Length"]) == len(readme.content)
    assert get(hub, "/datasets/lt-test/with-license/raw/main/LICENSE").text.startswith(
        "MIT License"
    )


def test_head_gives_headers_and_etag_gives_304(hub):
    head = requests.head(hub.url + "/datasets/dyk/resolve/main/README.md", timeout=5)
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"].startswith('"')
    again = get(
        hub, "/datasets/dyk/resolve/main/README.md", **{"If-None-Match": head.headers["ETag"]}
    )
    assert again.status_code == 304 and again.headers["X-Repo-Commit"]


@pytest.mark.parametrize(
    "path, token, status, code",
    [
        ("/api/datasets/org/missing", None, 401, "RepoNotFound"),
        ("/api/datasets/org/missing", TEST_TOKEN, 404, "RepoNotFound"),
        ("/api/datasets/lt-test/private", None, 401, "RepoNotFound"),
        ("/api/datasets/dyk/revision/nope", None, 404, "RevisionNotFound"),
        ("/datasets/dyk/resolve/main/NOPE.md", None, 404, "EntryNotFound"),
        ("/datasets/lt-test/gated/resolve/main/LICENSE", None, 401, "GatedRepo"),
        ("/datasets/lt-test/gated/resolve/main/LICENSE", TEST_TOKEN, 403, "GatedRepo"),
    ],
)
def test_error_table(hub, path, token, status, code):
    answer = get(hub, path, token)
    assert (answer.status_code, answer.headers.get("X-Error-Code")) == (status, code)
    assert isinstance(answer.json()["error"], str)


def test_entry_not_found_keeps_the_commit(hub):
    assert len(get(hub, "/datasets/dyk/resolve/main/NOPE.md").headers["X-Repo-Commit"]) == 40


def test_gated_card_itself_is_readable(hub):
    assert get(hub, "/datasets/lt-test/gated/resolve/main/README.md").status_code == 200


def test_invalid_token_has_no_error_code(hub):
    answer = get(hub, "/api/datasets/dyk", "hf_wrong")
    assert answer.status_code == 401 and "X-Error-Code" not in answer.headers
    assert answer.json()["error"] == "Invalid credentials in Authorization header"


def test_quota_answers_429_with_ietf_headers(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "README.md").write_text("# a\n")
    with HubStandIn(str(tmp_path), api_quota=2, window=60) as hub:
        first = get(hub, "/api/datasets/a")
        statuses = [get(hub, "/api/datasets/a").status_code for _ in range(2)]
        last = get(hub, "/api/datasets/a")
    assert first.headers["RateLimit"].startswith('"api";r=1;t=')
    assert statuses == [200, 429] and last.status_code == 429
    assert int(last.headers["Retry-After"]) > 0 and '"api";r=0;t=' in last.headers["RateLimit"]
    assert last.headers["RateLimit-Policy"] == '"fixed window";"api";q=2;w=60'


def test_runs_from_the_command_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "README.md").write_text("---\nlicense: mit\n---\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.hub_server", "--root", str(tmp_path), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = proc.stdout.readline().split(" at ")[-1].strip()
        assert requests.get(f"{url}/api/datasets/a", timeout=5).json()["cardData"] == {
            "license": "mit"
        }
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def test_copies_serve_each_dataset_under_distinct_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "README.md").write_text("---\nlicense: mit\n---\n")
    with HubStandIn(str(tmp_path), copies=2) as hub:
        first, second = (
            get(hub, "/api/datasets/copy0/a").json(),
            get(hub, "/api/datasets/copy1/a").json(),
        )
        assert get(hub, "/api/datasets/copy2/a").status_code == 401
    assert first["id"] == "copy0/a" and first["sha"] != second["sha"]
    assert first["cardData"] == second["cardData"] == {"license": "mit"}
