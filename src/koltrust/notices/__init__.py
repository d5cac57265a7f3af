"""Platform notices: each sanction change as a DSA statement of reasons, and signed webhooks."""
