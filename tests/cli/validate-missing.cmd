"$RAPPORTI" validate tests/validate/mini/no-such-suite.text
