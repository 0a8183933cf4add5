"""newsroom: event-driven ingestion of news articles."""

__version__ = "0.1.0"
