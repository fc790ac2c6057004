"$RAPPORTI" code --lang en --date 2024-03-01 samples/en-sanctions.txt
