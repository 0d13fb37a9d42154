"""Endpoint and token resolution: flags, environment, token files, and bad values."""

from __future__ import annotations

import pytest

from agent.errors import UsageError
from agent.sources.credentials import DEFAULT_ENDPOINT, resolve_endpoint, resolve_token


def test_endpoint_flag_wins_over_environment(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://mirror.example:8080")
    assert resolve_endpoint("http://127.0.0.1:18765/") == "http://127.0.0.1:18765"


def test_endpoint_from_environment_then_default(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.example.org/")
    assert resolve_endpoint(None) == "https://hub.example.org"
    monkeypatch.delenv("HF_ENDPOINT")
    assert resolve_endpoint(None) == DEFAULT_ENDPOINT == "https://huggingface.co"


@pytest.mark.parametrize("bad", ["huggingface.co", "ftp://x", "http://"])
def test_endpoint_that_is_not_an_http_url_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="--endpoint must be an http"):
        resolve_endpoint(bad)


def test_token_from_hf_token_first(tmp_path):
    (tmp_path / "token").write_text("hf_file\n")
    assert resolve_token({"HF_TOKEN": " hf_env ", "HF_HOME": str(tmp_path)}) == "hf_env"


def test_token_from_hf_home_file(tmp_path):
    (tmp_path / "token").write_text("hf_file\n")
    assert resolve_token({"HF_TOKEN": "", "HF_HOME": str(tmp_path)}) == "hf_file"


def test_token_from_default_cache_location(tmp_path):
    (tmp_path / ".cache" / "huggingface").mkdir(parents=True)
    (tmp_path / ".cache" / "huggingface" / "token").write_text("hf_default")
    assert resolve_token({"HOME": str(tmp_path)}) == "hf_default"


def test_no_token_anywhere_is_none(tmp_path):
    assert resolve_token({"HOME": str(tmp_path)}) is None
    assert resolve_token({"HF_HOME": str(tmp_path / "missing")}) is None


def test_empty_token_file_counts_as_none(tmp_path):
    (tmp_path / "token").write_text("  \n")
    assert resolve_token({"HF_HOME": str(tmp_path)}) is None
