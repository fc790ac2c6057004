$RAPPORTI extract tests/ingest/feed.rss
