"""JSON exports keep every script as written but escape what a terminal would interpret."""

from __future__ import annotations

import io
import json

from agent.models import Entry
from agent.terminal import json_text
from registry.exports.json_export import write_json

HOSTILE = "MIT\u202e\u2066 (evil)\u0085\u009b2J\u2028 日本語 ümlaut"


def test_json_text_parses_back_to_the_same_value():
    value = {"reason": HOSTILE, "lone": "\ud800"}
    text = json_text(value)
    assert json.loads(text) == value
    assert not any(c in text for c in "\u202e\u2066\u0085\u009b\u2028\ud800")
    assert "日本語 ümlaut" in text  # letters stay readable


def test_the_json_export_carries_no_raw_bidi_or_c1_characters():
    stream = io.StringIO()
    write_json([Entry("org/x", concluded_license="MIT", reasons=[HOSTILE])], stream)
    text = stream.getvalue()
    assert "\u202e" not in text and "\u009b" not in text
    assert json.loads(text)["entries"][0]["reasons"] == [HOSTILE]
