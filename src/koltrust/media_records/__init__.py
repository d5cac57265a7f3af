"""Stored media: uploaded videos, audio, images and captions, their time-coded text, findings
and thumbnails, and the worker that processes them."""
