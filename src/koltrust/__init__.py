"""koltrust: open software for an influencer trust programme."""

__version__ = "0.1.0"
