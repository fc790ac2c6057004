$RAPPORTI extract --dedup tests/ingest/sample.warc tests/ingest/article.html
