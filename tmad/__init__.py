"""tmad: versioned legal text, redlines and consultation publications for the SMETS1 TMAD."""

__version__ = "0.1.0"
