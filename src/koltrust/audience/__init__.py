"""Account statistics the alliance imports, and the audience authenticity estimated from them."""
