$RAPPORTI code --date 2022-02-30 samples/it-vertice-roma.txt
