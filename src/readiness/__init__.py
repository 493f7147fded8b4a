"""readiness: a private self-assessment for when a partner is reluctant about therapy."""

__version__ = "0.1.0"
