$RAPPORTI extract tests/ingest/long-length.warc
