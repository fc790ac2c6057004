$RAPPORTI extract tests/ingest/article.html
