"""Graduated sanctions and penalty points: policy as data, pure arithmetic, tables, service."""
