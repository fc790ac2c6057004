$RAPPORTI code --help
