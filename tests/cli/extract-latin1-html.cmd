$RAPPORTI extract tests/ingest/latin1.html
