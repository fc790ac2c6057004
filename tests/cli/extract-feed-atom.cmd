$RAPPORTI extract tests/ingest/feed.atom
