$RAPPORTI explain --lang en --date 2024-03-15 tests/cli/data/same-actor.txt
