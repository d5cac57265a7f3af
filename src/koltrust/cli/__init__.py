"""Terminal shell: ``koltrust <noun> <verb>`` over the same services as the API."""
