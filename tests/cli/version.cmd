$RAPPORTI version
