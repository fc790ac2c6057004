$RAPPORTI code --lang it --date 2022-12-30 --lenient --format tsv tests/cli/data/bad-utf8.txt
