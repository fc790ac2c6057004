$RAPPORTI extract tests/ingest/sample.warc
