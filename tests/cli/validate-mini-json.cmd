"$RAPPORTI" validate -q --format json --dict tabari:tests/validate/mini/mini.project tests/validate/mini/mini.text
