"""Comparing versions: word diffs, typed change records, and multi-step composition."""
