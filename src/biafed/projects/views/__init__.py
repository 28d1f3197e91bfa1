"""Project pages, split by audience: requester, committee, coordinator, team; `detail` is
the one page every participant shares."""
