"""licensetrace: find, with evidence, the license each dataset really is under."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1  # version of the JSON documents we emit (registry export, audit output)
