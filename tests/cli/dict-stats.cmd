$RAPPORTI dict stats --dict tests/cli/data/gooddict --codes
