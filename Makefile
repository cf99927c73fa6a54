# The two commands of the README. Everything else is CMake.
BUILD_DIR ?= build
JOBS ?= 2
DEMO_DIR ?= demo-data
DEMO_LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build test demo clean fuzz-smoke

all: build

deps:
	@bash scripts/install-deps.sh --with-browser
	@bash scripts/install-node-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) --timeout 600

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)/guardpress $(DEMO_DIR) $(DEMO_LISTEN)

clean:
	rm -rf $(BUILD_DIR)
