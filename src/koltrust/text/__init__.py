"""PURE text utilities: normalisation and Vietnamese diacritic folding (no I/O, no database)."""
