"""PURE trust-index computation: plain facts in, explained scores out (no I/O, no database)."""
