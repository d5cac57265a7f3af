"""What the alliance tells an influencer about their cases."""
