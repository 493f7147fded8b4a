"""Helpers shared by the test suites (found through `pythonpath` in pyproject.toml)."""
