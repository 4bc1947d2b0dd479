"""``tmad build``: plan every product, render what changed in parallel, publish atomically."""
