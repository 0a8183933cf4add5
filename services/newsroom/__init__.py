"""newsroom: event-driven ingestion of news articles."""
