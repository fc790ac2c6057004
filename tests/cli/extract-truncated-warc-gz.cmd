$RAPPORTI extract tests/ingest/truncated.warc.gz
