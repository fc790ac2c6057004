echo "The president of Sudria visited Norland. Estmark accused Sudria." | "$RAPPORTI" code --dict tabari:tests/validate/mini/mini.project --lang en --date 2015-01-01 --format tsv -
