"""The catalogue's services: entries and their edits, articles, the import."""
