# The two commands of the README. Everything else is CMake.
BUILD_DIR ?= build
JOBS ?= 2
DEMO_DIR ?= demo-data
DEMO_LISTEN ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 20

.PHONY: all deps build test demo bench clean test-sanitize fuzz-smoke format-check lint

all: build

deps:
	@bash scripts/install-deps.sh --with-browser
	@bash scripts/install-node-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) --timeout 600

# Only the programs the demo runs (no test binaries, no browser for the tests), then serves.
demo:
	@bash scripts/install-deps.sh
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS) --target gp_demo_programs
	@bash scripts/demo.sh $(BUILD_DIR)/guardpress $(DEMO_DIR) $(DEMO_LISTEN)

# GuardPress against nginx serving the same bytes (bench/run.sh; figures go to docs/benchmarks.md).
bench: build
	@bash scripts/install-deps.sh --with-bench
	@bash bench/run.sh $(BUILD_DIR)

# The whole test suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	@cmake -S . -B $(BUILD_DIR)-asan -DCMAKE_BUILD_TYPE=Debug -DGP_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_DIR)-asan -j$(JOBS)
	@cd $(BUILD_DIR)-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		ctest --output-on-failure -j$(JOBS) --timeout 900

# A short run of every libFuzzer target (clang), seeded from fuzz/corpus/.
fuzz-smoke: deps
	@bash scripts/fuzz-smoke.sh $(BUILD_DIR)-fuzz $(FUZZ_SECONDS)

format-check:
	@bash scripts/check-format.sh

# clang-tidy 14 (.clang-tidy) over src/; needs only a configured tree (compile_commands.json).
lint:
	@bash scripts/install-deps.sh
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@bash scripts/lint.sh $(BUILD_DIR) $(JOBS)

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan $(BUILD_DIR)-fuzz
