$RAPPORTI code --format tsv tests/ingest/feed.rss tests/ingest/feed.atom
