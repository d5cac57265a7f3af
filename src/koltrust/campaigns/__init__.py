"""Positive-voice campaigns of the alliance and who took part, and published corrections."""
