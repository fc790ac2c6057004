$RAPPORTI code --lang it --date 2022-12-30 tests/cli/data/bad-utf8.txt
