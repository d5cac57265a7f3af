"""Reports: anyone reports a post or an influencer; analysts read them, trusted flaggers first."""
