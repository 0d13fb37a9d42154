"""License knowledge: the SPDX list and texts, names and URLs people write, Hub ids, license facts.

Knowledge only, importable without the pipeline; the step that maps evidence with it is agent/mapping.py.
"""
