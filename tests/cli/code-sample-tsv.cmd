$RAPPORTI code --date 2024-03-15 --format tsv samples/it-vertice-roma.txt
