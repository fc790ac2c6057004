$RAPPORTI extract tests/ingest/feed-broken.rss
