"""Test support: stand-in servers (Hub, GitHub, hostile), fixture builders and a headless browser."""
