"""Bundled license data (SPDX License List 3.29.0, standard notices); regenerate with tools/build_spdx_data.py."""
