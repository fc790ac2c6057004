$RAPPORTI extract tests/ingest/docs.jsonl
