$RAPPORTI code --frobnicate x
