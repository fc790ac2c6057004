$RAPPORTI extract --kind pdf x
