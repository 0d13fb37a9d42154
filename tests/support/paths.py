"""Where the checkout, the test fixtures and the cassettes are, wherever a test module sits."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: pyproject.toml, agent/, registry/
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
CASSETTES = ROOT / "cassettes"
