"""Cards outside the labelled corpus (same kind: legacy huggingface/datasets cards), read by hand.

Each case is the card's YAML license and its "Licensing Information" text as written; the expected
answer was written down before running the engine on them. They guard against rules that only fit
the corpus.
"""

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.mapping import map_evidence
from agent.models import Card

SECTION = "### Licensing Information\n\n{}\n\n### Citation Information\n\n```\n@article{{x, title={{A GPL corpus}}}}\n```\n"
CASES = [  # (dataset, YAML license, licensing text, concluded, status, commercial_use)
    (
        "adversarial_qa",
        "cc-by-sa-4.0",
        "This dataset is distributed under [CC BY-SA 3.0](https://creativecommons.org/licenses/by-sa/3.0/).",
        "CC-BY-SA-3.0",
        "conflict",
        "yes",
    ),
    (
        "amazon_reviews_multi",
        "other",
        "Amazon has licensed this dataset under its own agreement for non-commercial research usage only. This licence "
        "is quite restrictive preventing use anywhere a fee is received including paid for internships etc.  A copy of "
        "the agreement can be found at the dataset webpage here:\nhttps://docs.opendata.aws/amazon-reviews-ml/license.txt",
        "LicenseRef-non-commercial-research-only",
        "unverified",
        "no",
    ),
    (
        "anli",
        "cc-by-nc-4.0",
        "[cc-4 Attribution-NonCommercial](https://github.com/facebookresearch/anli/blob/main/LICENSE)",
        "CC-BY-NC-4.0",
        "verified",
        "no",
    ),
    (
        "asset",
        "cc-by-sa-4.0",
        "[Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)]"
        "(https://creativecommons.org/licenses/by-nc/4.0/)",
        "CC-BY-NC-4.0",
        "conflict",
        "no",
    ),
    (
        "casino",
        "cc-by-4.0",
        "The project is licensed under CC-by-4.0",
        "CC-BY-4.0",
        "verified",
        "yes",
    ),
    ("cats_vs_dogs", "unknown", "[More Information Needed]", "NOASSERTION", "unknown", "unclear"),
    ("ami", "cc-by-4.0", "CC BY 4.0", "CC-BY-4.0", "verified", "yes"),
    (
        "banking77",
        "cc-by-4.0",
        "Creative Commons Attribution 4.0 International",
        "CC-BY-4.0",
        "verified",
        "yes",
    ),
    (
        "atomic",
        "cc-by-4.0",
        "The Creative Commons Attribution 4.0 International License. "
        "https://creativecommons.org/licenses/by/4.0/",
        "CC-BY-4.0",
        "verified",
        "yes",
    ),
]


@pytest.mark.parametrize("name,yaml_id,text,concluded,status,commercial", CASES)
def test_unseen_cards(name, yaml_id, text, concluded, status, commercial):
    readme = f"---\nlicense:\n- {yaml_id}\n---\n# Dataset Card for {name}\n\n" + SECTION.format(
        text
    )
    card = Card(dataset=name, source="local", location="README.md", readme=readme)
    c = conclude(card, map_evidence(extract_evidence(card)))
    assert (c.concluded_license, c.status, c.commercial_use) == (concluded, status, commercial)


def test_unseen_card_with_the_legacy_licenses_key():
    readme = (
        "---\nannotations_creators:\n- no-annotation\nlanguages:\n- en\nlicenses:\n- mit\n---\n\n"
        "# Dataset Card for books3\n\n### Licensing Information\n\nMIT\n\n### Citation Information\n\n"
        "```\n@article{pile,\n    title={The {P}ile},\n}\n```\n"
    )
    card = Card(dataset="books3", source="local", location="README.md", readme=readme)
    c = conclude(card, map_evidence(extract_evidence(card)))
    assert (c.declared_license, c.concluded_license, c.status) == ("MIT", "MIT", "verified")
