$RAPPORTI frobnicate
