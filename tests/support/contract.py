"""The CSV columns DESIGN.md fixes, written here from the contract (not imported from the code under test)."""

from __future__ import annotations

CSV_CONTRACT = [
    "dataset",
    "revision",
    "declared_license",
    "concluded_license",
    "confidence",
    "status",
    "commercial_use",
    "attribution_required",
    "share_alike",
    "upstream",
    "effective_license",
    "sources",
    "evidence",
    "error",
    "audited_at",
]
