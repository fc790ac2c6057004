# rapporti: one command builds (make), one runs (make run), one tests (make test).
# make asan builds the same under AddressSanitizer + UBSan into build/asan.

CC      ?= cc
CXX     ?= c++
BUILD   ?= build
DICTDIR ?= $(CURDIR)/dicts
WEBDIR  ?= $(CURDIR)/web
OPT     ?= -O2
SAN     ?=

CFLAGS_ALL   = -std=c11 -Wall -Wextra -Wshadow -Wno-unused-parameter $(OPT) -g $(SAN) \
               -fvisibility=hidden -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib -I/usr/include/libxml2 -I/usr/include/postgresql \
               -DRP_DICT_DIR='"$(DICTDIR)"' -DRP_WEB_DIR='"$(WEBDIR)"' $(CFLAGS)
CXXFLAGS_ALL = -std=c++11 -Wall -Wextra $(OPT) -g $(SAN) -fvisibility=hidden $(CXXFLAGS)
LIBS         = -lutf8proc -lstemmer -lcjson -lxxhash -lcld2 -lxml2 -lz -lcurl -lsqlite3 -lpq -levent -lstdc++ -lm
TESTLIBS     = -lcmocka
MPI_CFLAGS  := $(shell pkg-config --cflags ompi-c 2>/dev/null)
MPI_LIBS    := $(shell pkg-config --libs ompi-c 2>/dev/null)

LIB_C   = $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_CC  = $(wildcard lib/*/*.cc)
GAZ_C   = $(BUILD)/gen/gazetteer.c
LIB_OBJ = $(LIB_C:%.c=$(BUILD)/obj/%.o) $(LIB_CC:%.cc=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/gazetteer.o
CLI_C   = $(sort $(wildcard src/*.c))
CLI_OBJ = $(CLI_C:%.c=$(BUILD)/obj/%.o)
UNIT_C  = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_C:tests/unit/%.c=$(BUILD)/%)
HDRS    = $(wildcard include/rapporti/*.h lib/*.h lib/*/*.h src/*.h)

.PHONY: all deps run test test-quick asan fuzz fuzz-short check-hard bench dicts clean
all: $(BUILD)/rapporti $(BUILD)/run-cases $(BUILD)/run-context $(UNIT_BIN) $(BUILD)/bench-rapporti

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/src/cli_mpi.o: src/cli_mpi.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(MPI_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) -c $< -o $@

# The gazetteer (lib/context/gazetteer.h) is generated from Debian's libgeonames by
# tools/gen-gazetteer.c, a build tool that librapporti does not link with.
$(BUILD)/gen-gazetteer: tools/gen-gazetteer.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -Wall -o $@ $< $$(pkg-config --cflags --libs geonames) -lutf8proc

$(GAZ_C): $(BUILD)/gen-gazetteer dicts/common/places/fips10-4.tsv dicts/common/places/capitals.tsv
	@mkdir -p $(dir $@)
	LANGUAGE=it LC_ALL=C.UTF-8 $(BUILD)/gen-gazetteer dicts/common/places/fips10-4.tsv dicts/common/places/capitals.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/gazetteer.o: $(GAZ_C) lib/context/gazetteer.h
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -g,$(CFLAGS_ALL)) -g0 -c $< -o $@

$(BUILD)/librapporti.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/rapporti: $(CLI_OBJ) $(BUILD)/librapporti.a
	$(CC) $(SAN) -o $@ $^ $(LIBS) $(MPI_LIBS) -lpthread

$(BUILD)/run-cases: $(BUILD)/obj/tests/run_cases.o $(BUILD)/librapporti.a
	$(CC) $(SAN) -o $@ $^ $(LIBS)

$(BUILD)/run-context: $(BUILD)/obj/tests/run_context.o $(BUILD)/librapporti.a
	$(CC) $(SAN) -o $@ $^ $(LIBS)

$(BUILD)/bench-rapporti: $(BUILD)/obj/bench/bench.o $(BUILD)/librapporti.a
	$(CC) $(SAN) -o $@ $^ $(LIBS) -lpthread

# The speed benchmark (bench/bench.c): figures with machine and commit.
bench: all
	@$(BUILD)/bench-rapporti $${SENTENCES:-400000} $${THREADS:-2}

$(BUILD)/test_%: $(BUILD)/obj/tests/unit/test_%.o $(BUILD)/librapporti.a
	$(CC) $(SAN) -o $@ $^ $(LIBS) $(TESTLIBS)

# Install what a fresh Debian 12 machine lacks (apt-get; needs root or sudo).
deps:
	@tools/deps

# The main job: build, ingest the bundled sample news into SQLite (build/demo.db), show the
# measures, then serve the dashboard on http://127.0.0.1:8080/ (Ctrl-C stops).
run: deps
	@$(MAKE) -s all
	@tools/run-samples $(BUILD)/rapporti
	@$(BUILD)/rapporti serve --db $(BUILD)/demo.db --listen 127.0.0.1:$${PORT:-8080}

# The tests: unit tests, the coder's case files, CLI golden tests and the dictionary
# check, first in the normal build, then under AddressSanitizer + UBSan.
test:
	@tools/deps --test
	@$(MAKE) -s all
	@$(MAKE) -s asan
	@$(MAKE) -s fuzz
	@FUZZ_DIR=$(BUILD)/fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-10} tools/run-tests $(BUILD) $(BUILD)/asan

test-quick: all
	@tools/run-tests $(BUILD)

asan:
	@$(MAKE) -s all BUILD=$(BUILD)/asan OPT=-O1 SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

# libFuzzer harnesses (clang-14, ASan + UBSan), one per parser: build/fuzz/fuzz_*.
FUZZ_CC  ?= clang-14
FUZZ_CXX ?= clang++-14
FUZZ_SAN  = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1
FUZZ_HARNESSES = $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard fuzz/fuzz_*.c))
FUZZ_LIB_OBJ = $(LIB_C:%.c=$(BUILD)/fuzz/obj/%.o) $(LIB_CC:%.cc=$(BUILD)/fuzz/obj/%.o) $(BUILD)/fuzz/obj/gen/gazetteer.o

$(BUILD)/fuzz/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib -I/usr/include/libxml2 \
	    -I/usr/include/postgresql -DRP_DICT_DIR='"$(DICTDIR)"' -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c $< -o $@

$(BUILD)/fuzz/obj/gen/gazetteer.o: $(GAZ_C) lib/context/gazetteer.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -Iinclude -Ilib -O1 -c $< -o $@

$(BUILD)/fuzz/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) -std=c++11 -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c $< -o $@

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_files.h $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) -std=c11 -D_DEFAULT_SOURCE -Iinclude -Ilib -DRP_DICT_DIR='"$(DICTDIR)"' -fsanitize=fuzzer $(FUZZ_SAN) \
	    $< $(FUZZ_LIB_OBJ) -o $@ $(LIBS)

fuzz: $(FUZZ_HARNESSES)

# Every harness for FUZZ_SECONDS (default 20) on its seed corpus: what CI runs.
fuzz-short: fuzz
	@tools/run-fuzz $(BUILD)/fuzz $${FUZZ_SECONDS:-20}

# The hard checks: long fuzzing, the hostile-input suite, kill -9 at 100 points on both
# stores, 100,000 requests on the server.
check-hard: all fuzz
	@tools/check-hard $(BUILD)

# Regenerate the generated dictionary files: countries from Debian's iso-codes and CLDR;
# the CAMEO codebook from ../shared/reference (the ICEWS code list).
dicts:
	tools/gen-countries
	@if [ -f ../shared/reference/icews/data-raw/cameo-codes.csv ]; then \
	    tools/gen-codebook ../shared/reference/icews/data-raw/cameo-codes.csv > dicts/cameo/codebook.tsv; \
	else echo "../shared/reference is absent: dicts/cameo/codebook.tsv left as it is"; fi

clean:
	rm -rf $(BUILD)
