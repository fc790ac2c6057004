"$RAPPORTI" validate -q --explain MINI-DISCARD-AFTER --dict tabari:tests/validate/mini/mini.project tests/validate/mini/mini.text | sed "s/[0-9.]* s coding/T s coding/"
