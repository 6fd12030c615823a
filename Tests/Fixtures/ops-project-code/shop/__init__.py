"""The application the fixture's revisions import from (never run by Retort)."""
