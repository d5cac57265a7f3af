"""Registry: influencers, platform accounts, organisations and alliance membership."""
