$RAPPORTI dict check --dict tests/cli/data/gooddict
