"""Lifecycle tracing: a dataset's upstreams (datasets, models, code) and its effective license."""
