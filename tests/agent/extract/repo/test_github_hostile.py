"""A hostile or broken GitHub-like server: clear one-line errors, bounded reads, never a traceback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agent.errors import DatasetError
from agent.refs import github_ref
from agent.sources.github import GitHubSource
from agent.sources.github_api import GitHubAPI
from agent.sources.http import HttpClient

SHA = "a" * 40
ANSWERS = {  # path -> (status, body); anything else 404
    "/repos/o/notjson": (200, b"<html>hello</html>"),
    "/repos/o/list": (200, b"[1, 2, 3]"),
    "/repos/o/badfile": (
        200,
        json.dumps({"full_name": "o/badfile", "default_branch": "main"}).encode(),
    ),
    "/repos/o/badfile/commits/main": (200, json.dumps({"sha": SHA}).encode()),
    f"/repos/o/badfile/contents?ref={SHA}": (
        200,
        json.dumps(
            [
                {"name": "README.md", "path": "README.md", "type": "file"},
                {"name": "LICENSE", "path": "LICENSE", "type": "file"},
            ]
        ).encode(),
    ),
    f"/repos/o/badfile/contents/README.md?ref={SHA}": (
        200,
        json.dumps({"type": "file", "encoding": "base64", "content": "IyBoaQo="}).encode(),
    ),
    f"/repos/o/badfile/contents/LICENSE?ref={SHA}": (
        200,
        json.dumps(
            {"type": "file", "encoding": "base64", "content": "%%% not base64 %%%"}
        ).encode(),
    ),
    "/repos/o/huge": (200, b"[" + b'"x",' * 2_000_000 + b'"x"]'),
    "/repos/o/detect": (
        200,
        json.dumps(
            {"full_name": "o/detect", "default_branch": "main", "license": {"spdx_id": "MIT"}}
        ).encode(),
    ),
    "/repos/o/detect/commits/main": (200, json.dumps({"sha": SHA}).encode()),
    f"/repos/o/detect/contents?ref={SHA}": (
        200,
        json.dumps(
            [
                {"name": "README.md", "path": "README.md", "type": "file"},
                {"name": "LICENSE", "path": "LICENSE", "type": "file"},
            ]
        ).encode(),
    ),
    f"/repos/o/detect/contents/README.md?ref={SHA}": (
        200,
        json.dumps(
            {
                "type": "file",
                "encoding": "base64",
                "content": "IyBEClRoZSBkYXRhOiBkYXRhL3RyYWluLmpzb25sCg==",
            }
        ).encode(),
    ),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        status, body = ANSWERS.get(self.path, (404, b'{"message": "Not Found"}'))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def gh(url: str) -> GitHubSource:
    return GitHubSource(
        GitHubAPI(
            api_url=url, token="", http=HttpClient(quotas=None, max_retries=0, wait_429=False)
        )
    )


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
@pytest.mark.parametrize(
    "repo, code", [("notjson", "BadResponse"), ("list", "BadResponse"), ("huge", "TooLarge")]
)
def test_bad_answers_are_dataset_errors(url, repo, code):
    with pytest.raises(DatasetError) as caught:
        gh(url).fetch_card(github_ref("o", repo))
    assert caught.value.code == code and "\n" not in caught.value.message


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_an_unreadable_license_file_is_a_warning_not_an_error(url):
    card = gh(url).fetch_card(github_ref("o", "badfile"))
    assert card.readme == "# hi\n" and card.files == {}
    assert any(w.startswith("LICENSE not read") and "not base64" in w for w in card.warnings)


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_github_detection_stands_in_for_an_unreadable_root_license_file(url):
    from agent.conclude import conclude
    from agent.extract import extract_evidence
    from agent.mapping import map_evidence

    card = gh(url).fetch_card(github_ref("o", "detect"))
    assert card.files == {} and card.detected_license == "MIT"
    result = conclude(card, map_evidence(extract_evidence(card)))
    assert (result.concluded_license, result.status) == ("MIT", "unverified")
