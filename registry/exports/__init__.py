"""Exports and reports beyond CSV/JSON/SPDX 2.3: HTML, notices, CycloneDX, SPDX 3, registry diff."""
