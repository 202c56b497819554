"""minutebook: a committee information system for UK local-government boards."""

__version__ = "0.1.0"
