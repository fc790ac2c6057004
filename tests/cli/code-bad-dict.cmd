$RAPPORTI code --dict tests/cli/data/baddict --lang it samples/it-vertice-roma.txt
