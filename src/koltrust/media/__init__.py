"""PURE: screening what videos, livestreams, audio and images say and show, with time codes.

Captions, on-screen text (OCR) and speech (ASR) become time-coded text units that go through
the same screening engine as posts. Imports neither SQLAlchemy nor FastAPI.
"""
