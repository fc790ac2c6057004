echo "x" | "$RAPPORTI" code --dict petrarch: --lang en -
