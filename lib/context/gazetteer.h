/* The gazetteer compiled into the library: the world's cities of 15,000 people or more
 * with their Italian names (GeoNames data from Debian's libgeonames, CC-BY-4.0) and the
 * countries with their ISO and FIPS 10-4 codes. Generated at build time by
 * tools/gen-gazetteer.c into build/gen/gazetteer.c (docs/context.md). */
#ifndef RP_GAZETTEER_H
#define RP_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

typedef struct rpi_country {
    char iso2[3], iso3[4];   /* ISO 3166-1 alpha-2 and alpha-3 */
    char fips[3];            /* FIPS 10-4, "" when the territory has none */
    const char *name;        /* English name */
    uint32_t capital;        /* GeoNames id of its capital (dicts/common/places/capitals.tsv), 0 none */
} rpi_country;

typedef struct rpi_city {
    uint32_t id;             /* GeoNames feature id */
    const char *name;        /* GeoNames name (English where it has one) */
    const char *name_it;     /* Italian name, NULL when GeoNames has none or the same */
    const char *name_folded; /* name without diacritics ("Chisinau"), NULL when the same */
    const char *name_it_folded; /* the Italian name's, NULL when none or the same */
    const char *adm1_name;   /* first-level division ("Moscow", "Idaho") */
    char adm1[12];           /* its GeoNames admin1 code ("48", "ID") */
    char iso2[3];            /* country */
    double lat, lon;
    uint32_t population;
} rpi_city;

extern const rpi_country rpi_countries[];
extern const size_t rpi_ncountries;
extern const rpi_city rpi_cities[];
extern const size_t rpi_ncities;

#endif
