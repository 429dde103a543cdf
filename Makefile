# Một Cửa Kiosk. The two commands a newcomer needs:
#   make run    the demo: dispenser, desk, display and rating windows on a virtual printer
#   make test   everything CI checks: gofmt, go vet, staticcheck, go test -race with the integration tests
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@2026.2.2
VERSION     := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS     := -X main.Version=$(VERSION)
# ci: Fyne's headless test driver; integration: tests with real processes,
# socat, Xvfb, PostgreSQL, zbarimg and Chromium.
TEST_TAGS   := ci integration

.PHONY: run test deps-run deps-test fmt-check vet lint unit bench build

run: deps-run
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/kiosk demo

test: deps-test fmt-check vet lint
	$(GO) test -race -tags "$(TEST_TAGS)" -timeout 40m ./...

# unit: the fast tests only (no integration tag), for the edit-test loop.
unit:
	$(GO) test -tags ci ./...

deps-run:
	@bash scripts/deps.sh run

deps-test:
	@bash scripts/deps.sh test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet -tags "$(TEST_TAGS)" ./...

lint:
	$(GO) run $(STATICCHECK) -tags "$(TEST_TAGS)" ./...

bench:
	$(GO) test -tags ci -run '^$$' -bench . -benchmem ./...

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/kiosk ./cmd/kiosk
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o bin/server ./cmd/server
