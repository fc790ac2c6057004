echo "Norland accused Sudria." | "$RAPPORTI" code --dict tabari:tests/validate/mini/bad.project --lang en -
