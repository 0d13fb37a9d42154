"""Which datasets a run audits: the Hub's listing (by author, search, or all) or ids given, unchanged ones skipped."""
