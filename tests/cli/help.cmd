$RAPPORTI --help
