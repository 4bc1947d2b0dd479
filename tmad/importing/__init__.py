"""Bringing documents in: Akoma Ntoso and Word files read into the model, then written as
a version's sources and proved by reading them back."""
