$RAPPORTI dict check
