$RAPPORTI code --lang auto tests/cli/data/docs.jsonl
