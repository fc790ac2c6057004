$RAPPORTI explain --date 2024-03-15 samples/it-crisi-ucraina.txt
