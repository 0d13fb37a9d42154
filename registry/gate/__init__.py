"""The CI compliance gate: policy, waivers and baseline, evaluation, and its text/JSON/JUnit/SARIF reports."""
