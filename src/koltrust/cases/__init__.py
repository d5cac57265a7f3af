"""Cases: one per influencer and issue, moved through a transition table by people."""
