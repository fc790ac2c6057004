"$RAPPORTI" validate -q --explain P-08b tests/validate/mini-petrarch/text/Mini.records.xml | sed "s/[0-9.]* s coding/T s coding/"
