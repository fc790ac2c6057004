"$RAPPORTI" validate -q --format json --dict tabari:tests/validate/mini/mini.project tests/validate/mini/mini.text | sed 's/"seconds":[0-9.]*/"seconds":T/'
