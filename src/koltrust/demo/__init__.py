"""Bundled, fictional demo data and its loader."""
