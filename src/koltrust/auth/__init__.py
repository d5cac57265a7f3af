"""Users, roles, sessions and API tokens; the authorisation policy."""
