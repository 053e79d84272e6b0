# telemed — build, run and test. `make run` and `make test` do all set-up on a
# fresh Debian/Ubuntu machine (scripts/install-deps.sh installs what is missing).
#   make SANITIZE=address,undefined test   builds and tests under ASan + UBSan
#   make CC=clang                           builds with clang

CC ?= cc
SANITIZE ?=
BUILD ?= build
PORT ?= 8443
DATA ?= ./data

PKGS := libwebsockets jansson libsodium sqlite3 openssl
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers \
	-fno-strict-aliasing -g -MMD -MP -Isrc
ifeq ($(SANITIZE),)
  OPT := -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
  BUILD_DIR := $(BUILD)/release
else
  OPT := -O1 -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
  BUILD_DIR := $(BUILD)/sanitize
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lev # libev ships no .pc
CFLAGS += $(CFLAGS_BASE) $(OPT) $(PKG_CFLAGS)
LDFLAGS += $(if $(SANITIZE),-fsanitize=$(SANITIZE))
LDLIBS += $(PKG_LIBS) -lpthread -lm

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD_DIR)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD_DIR)/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD_DIR)/tests/replay_%)

.PHONY: $(BUILD)/telemed all deps deps-test deps-bench run test unit web-unit fuzz-replay api-test e2e-test fuzz bench clean lint

all: $(BUILD)/telemed

# The binary the scripts use always sits at build/telemed.
$(BUILD)/telemed: $(BUILD_DIR)/telemed
	@ln -sf $(notdir $(BUILD_DIR))/telemed $@

$(BUILD_DIR)/telemed: $(BUILD_DIR)/src/main.o $(BUILD_DIR)/libtelemed.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD_DIR)/libtelemed.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD_DIR)/tests/test_%: tests/unit/test_%.c $(BUILD_DIR)/libtelemed.a
	@mkdir -p $(dir $@)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD_DIR)/libtelemed.a $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD_DIR)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD_DIR)/libtelemed.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD_DIR)/libtelemed.a $(LDFLAGS) $(LDLIBS)

deps:
	@bash scripts/install-deps.sh

deps-test:
	@bash scripts/install-deps.sh --test

deps-bench:
	@bash scripts/install-deps.sh --bench

run: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/run.sh $(BUILD)/telemed $(PORT) $(DATA)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# the browser's pure modules (no DOM, no server) under node's test runner
web-unit:
	node --test tests/web/

fuzz-replay: $(REPLAY_BIN)
	@set -e; for t in $(REPLAY_BIN); do n=$${t##*/replay_}; $$t tests/fuzz/corpus/$$n; done

# API test files start their own servers on free ports with fresh stores, so
# two run at once (they mostly wait on the server); browser tests one at a time
api-test: all
	node --test --test-concurrency=2 tests/api/

e2e-test: all
	node --test --test-concurrency=1 tests/e2e/

test: deps-test
	@$(MAKE) --no-print-directory all lint unit web-unit fuzz-replay
	@$(MAKE) --no-print-directory api-test e2e-test

# libFuzzer builds need clang: make fuzz FUZZ_SECONDS=60
FUZZ_SECONDS ?= 30
fuzz:
	@mkdir -p $(BUILD)/fuzz
	@set -e; for f in $(FUZZ_SRC); do n=$$(basename $$f .c); n=$${n#fuzz_}; \
	  clang $(CFLAGS_BASE) -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $(BUILD)/fuzz/$$n $$f $(LIB_SRC) $(PKG_LIBS) -lpthread -lm; \
	  $(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) tests/fuzz/corpus/$$n; done

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@bash bench/run.sh $(BUILD)/telemed

lint:
	@bash scripts/check-banned.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD_DIR) -name '*.d' 2>/dev/null)
