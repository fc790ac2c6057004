$RAPPORTI code --lang it tests/cli/data/no-such-file.txt
