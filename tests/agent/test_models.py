"""The data passed between steps turns into dicts exactly as dataclasses.asdict would make them."""

from __future__ import annotations

import dataclasses
import datetime

from agent.models import Card, Conclusion, Entry, Evidence


def _card() -> Card:
    header = {
        "license": ["mit", "cc-by-4.0"],
        "configs": [{"config_name": "a", "data_files": [{"split": "train", "path": "a/*.csv"}]}],
        "released": datetime.date(2023, 5, 1),  # YAML dates are objects, not strings
        "pair": (1, 2),
        "nested": {"deep": {"deeper": [1, 2.5, True, None]}},
    }
    return Card(
        "org/name",
        "hub",
        "https://hub/org/name/README.md",
        "abc",
        readme="---\nlicense: mit\n---\n",
        card_data=header,
        files={"LICENSE": "MIT License"},
        tags=["license:mit"],
        warnings=["one"],
    )


def test_to_dict_equals_asdict_for_every_kind_of_data():
    card = _card()
    evidence = Evidence("yaml:license", "metadata", "mit", 2, 2, "MIT", "id", 1.0, ["attribution"])
    entry = Entry("org/name", evidence=[evidence], reasons=["r"], upstream=["squad"])
    conclusion = Conclusion("MIT", "MIT", 0.99, "verified", reasons=["r"])
    for obj in (card, evidence, entry, conclusion):
        assert obj.to_dict() == dataclasses.asdict(obj)


def test_to_dict_shares_no_mutable_part_with_the_object():
    card = _card()
    data = card.to_dict()
    data["card_data"]["configs"][0]["data_files"].append("more")
    data["warnings"].append("two")
    data["files"]["NOTICE"] = "x"
    assert card.card_data["configs"][0]["data_files"] == [{"split": "train", "path": "a/*.csv"}]
    assert card.warnings == ["one"] and card.files == {"LICENSE": "MIT License"}
    assert Card.from_dict(card.to_dict()) == card


def test_from_dict_round_trips_and_ignores_keys_it_does_not_know():
    card = _card()
    assert Card.from_dict(card.to_dict()) == card
    newer = {**card.to_dict(), "field_of_a_later_version": 1}  # e.g. read from a newer registry
    assert Card.from_dict(newer) == card
    evidence = Evidence("yaml:license", "metadata", "mit", 2, 2, "MIT", "id", 1.0)
    assert Evidence.from_dict({**evidence.to_dict(), "unknown": "x"}) == evidence
