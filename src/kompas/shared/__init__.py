"""The database as the single source of truth: seeded from a data folder, read as a Dataset.

The command line and the web application both read through `load`, so they always agree.
"""
