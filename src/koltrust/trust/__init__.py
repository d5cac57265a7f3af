"""The trust index's stored side: current scores, their history and certificates."""
