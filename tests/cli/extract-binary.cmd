head -c 100000 /dev/zero | $RAPPORTI extract -
