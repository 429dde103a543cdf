# Một Cửa Kiosk. The two commands a newcomer needs:
#   make run    the demo: dispenser, desk, display and rating windows on a virtual printer
#   make test   everything CI checks: gofmt, go vet, staticcheck, go test -race with the integration tests
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
VERSION     := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS     := -X main.Version=$(VERSION)
# ci: Fyne's headless test driver; integration: tests with real processes,
# socat, Xvfb, PostgreSQL, zbarimg and Chromium.
TEST_TAGS   := ci integration

.PHONY: run test deps-run deps-test fmt-check vet lint unit bench build

# The demo with the real central server beside it (bin/server, started by
# the demo on a free loopback port; the ticket's QR opens its page there).
run: deps-run build
	bin/kiosk demo --server bin/server

# The real binaries are built once (build) and handed to every package's
# integration tests (KIOSK_BIN, SERVER_BIN) instead of each linking its own.
test: deps-test fmt-check vet lint build
	TZ=UTC KIOSK_BIN=$(CURDIR)/bin/kiosk SERVER_BIN=$(CURDIR)/bin/server \
	$(GO) test -race -count=1 -tags "$(TEST_TAGS)" -timeout 40m ./...
	TZ=Asia/Ho_Chi_Minh KIOSK_BIN=$(CURDIR)/bin/kiosk SERVER_BIN=$(CURDIR)/bin/server \
	$(GO) test -race -count=1 -tags "$(TEST_TAGS)" -timeout 20m ./server/... ./kiosk/queue ./kiosk/ui/dispenser ./kiosk/ui/display ./kiosk/ui/desk

# -count=1: every run really runs the tests with real processes (never a
# cached result). unit: the fast tests only, for the edit-test loop.
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

# ---- package: release archives (packaging/, docs/deploy.md; issue 7) ----
# make package   dist/motcua-kiosk-VERSION-linux-amd64.tar.gz (binary, icon,
#                .desktop files, systemd units, install.sh, deploy.md),
#                dist/motcua-kiosk-VERSION-windows-amd64.zip (kiosk.exe
#                cross-compiled with mingw-w64, Task Scheduler XML,
#                install.ps1, README), dist/motcua-server-VERSION-linux-amd64
#                (static, CGO_ENABLED=0), and SHA256SUMS.
# The version and the icon come from FyneApp.toml only. This is the
# equivalent of `fyne package` (which reads FyneApp.toml from the main
# package's folder, not the top level) plus what a kiosk needs around it.
PKG_ICON    ?= $(shell sed -n 's/^Icon *= *"\(.*\)"/\1/p' FyneApp.toml)
PKG_DIST    := dist
PKG_LINUX   := $(PKG_DIST)/motcua-kiosk-$(VERSION)-linux-amd64
PKG_WIN     := $(PKG_DIST)/motcua-kiosk-$(VERSION)-windows-amd64
PKG_SERVER  := $(PKG_DIST)/motcua-server-$(VERSION)-linux-amd64
PKG_LDFLAGS := $(LDFLAGS) -s -w
MINGW_CC    ?= x86_64-w64-mingw32-gcc

.PHONY: package package-check
package: package-check
	rm -rf $(PKG_LINUX) $(PKG_WIN) $(PKG_LINUX).tar.gz $(PKG_WIN).zip $(PKG_SERVER)
	mkdir -p $(PKG_LINUX) $(PKG_WIN)
	$(GO) build -ldflags "$(PKG_LDFLAGS)" -o $(PKG_LINUX)/motcua-kiosk ./cmd/kiosk
	cp $(PKG_ICON) $(PKG_LINUX)/vn.motcua.kiosk.png
	cp packaging/linux/* docs/deploy.md $(PKG_LINUX)/
	tar -C $(PKG_DIST) -czf $(PKG_LINUX).tar.gz $(notdir $(PKG_LINUX))
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(MINGW_CC) $(GO) build -ldflags "$(PKG_LDFLAGS) -H windowsgui" -o $(PKG_WIN)/kiosk.exe ./cmd/kiosk
	cp $(PKG_ICON) $(PKG_WIN)/app.png
	cp packaging/windows/* docs/deploy.md $(PKG_WIN)/
	cd $(PKG_DIST) && zip -qr $(notdir $(PKG_WIN)).zip $(notdir $(PKG_WIN))
	CGO_ENABLED=0 $(GO) build -ldflags "$(PKG_LDFLAGS)" -o $(PKG_SERVER) ./cmd/server
	cd $(PKG_DIST) && sha256sum $(notdir $(PKG_LINUX)).tar.gz $(notdir $(PKG_WIN)).zip $(notdir $(PKG_SERVER)) > SHA256SUMS
	@cat $(PKG_DIST)/SHA256SUMS

# package-check fails early, saying what is missing and how to get it.
package-check:
	@[ -n "$(VERSION)" ] || { echo "package: no Version in FyneApp.toml"; exit 1; }
	@[ -f "$(PKG_ICON)" ] || { echo "package: the app icon $(PKG_ICON) named in FyneApp.toml does not exist yet (the kiosk-UI work makes it); no package without it"; exit 1; }
	@missing=""; command -v $(MINGW_CC) >/dev/null || missing="$$missing gcc-mingw-w64-x86-64"; \
	 command -v zip >/dev/null || missing="$$missing zip"; \
	 for p in gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libasound2-dev; do \
	   dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	 if [ -n "$$missing" ]; then echo "package: missing Debian packages. Run:"; echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi
