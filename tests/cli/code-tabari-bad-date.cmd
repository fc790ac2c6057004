echo "Badland accused Goodland." | RAPPORTI_VERBOSE=1 "$RAPPORTI" code --dict tabari:tests/validate/mini/bad-date.project --lang en --date 2015-01-01 --format tsv -
