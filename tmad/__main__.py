"""Allow ``python -m tmad``."""

from tmad.cli import main

raise SystemExit(main())
