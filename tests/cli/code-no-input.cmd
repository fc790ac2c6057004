$RAPPORTI code --lang it
