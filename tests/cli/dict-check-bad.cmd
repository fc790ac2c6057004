$RAPPORTI dict check --dict tests/cli/data/baddict --lang it
