"$RAPPORTI" validate --help
