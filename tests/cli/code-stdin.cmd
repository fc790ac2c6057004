printf 'Israel was attacked by Iran.\n' | $RAPPORTI code --lang en --date 2024-04-14 --format tsv -
