"""License URLs -> SPDX ids."""

import pytest

from agent.spdx.urls import map_url

CASES = [
    ("http://creativecommons.org/licenses/by-sa/4.0/legalcode", "CC-BY-SA-4.0"),
    ("https://creativecommons.org/licenses/by-nc-nd/4.0/deed.en", "CC-BY-NC-ND-4.0"),
    ("https://creativecommons.org/licenses/by/4.0/deed.ast", "CC-BY-4.0"),
    ("https://creativecommons.org/licenses/by-nd/2.0/kr/deed.en", "LicenseRef-CC-BY-ND-2.0-KR"),
    ("https://creativecommons.org/licenses/by-nc-sa/3.0/fr/", "LicenseRef-CC-BY-NC-SA-3.0-FR"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("https://creativecommons.org/publicdomain/mark/1.0/", "CC-PDM-1.0"),
    ("https://opendatacommons.org/licenses/odbl/1-0/", "ODbL-1.0"),
    ("https://opendatacommons.org/licenses/by/1-0/", "ODC-By-1.0"),
    ("https://opendatacommons.org/licenses/pddl/", "PDDL-1.0"),
    ("http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"),
    ("https://www.gnu.org/licenses/gpl-3.0.en.html", "GPL-3.0-only"),
    ("https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html", "LGPL-2.1-only"),
    ("https://www.gnu.org/licenses/agpl-3.0.html", "AGPL-3.0-only"),
    ("http://www.fsf.org/licensing/licenses/fdl.html", "GFDL-1.1-or-later"),
    ("https://opensource.org/licenses/MIT", "MIT"),
    ("https://opensource.org/licenses/GPL-2.0", "GPL-2.0-only"),
    ("https://choosealicense.com/licenses/gpl-3.0/", "GPL-3.0-only"),
    ("https://spdx.org/licenses/CDLA-Permissive-2.0.html", "CDLA-Permissive-2.0"),
    ("https://cdla.dev/permissive-2-0/", "CDLA-Permissive-2.0"),
    ("https://cdla.io/sharing-1-0/", "CDLA-Sharing-1.0"),
    ("https://www.unicode.org/license.txt", "Unicode-DFS-2016"),
    ("https://github.com/hendrycks/math/blob/main/LICENSE", None),
    ("https://www.smashwords.com/about/tos", None),
]


@pytest.mark.parametrize("url,expected", CASES)
def test_map_url(url, expected):
    assert map_url(url) == expected
