$RAPPORTI extract tests/ingest/folder
