$RAPPORTI extract tests/ingest/billion-laughs.xml
