echo "x" | "$RAPPORTI" code --dict tabari:tests/validate/mini/mini.project --lang it -
