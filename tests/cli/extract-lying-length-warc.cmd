$RAPPORTI extract tests/ingest/lying-length.warc
