$RAPPORTI code --date 2024-03-15 --format tsv tests/ingest/sample.warc.gz
