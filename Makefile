# Remaker: the everyday commands. Each is a thin wrapper over the go tool.

GO ?= go

.PHONY: demo test test-postgres fuzz build vet

# Start Remaker on a fresh demo dataset (embedded SQLite, temporary folder).
demo:
	$(GO) run ./cmd/remaker demo

# Vet and run every test on the embedded database. The browser journeys take
# several minutes on two cores, hence the longer timeout. Set REMAKER_TEST_POSTGRES
# to a PostgreSQL URL to run the storage, API and HTTP suites there too.
test: vet
	$(GO) test -count=1 -timeout 25m ./...

vet:
	$(GO) vet ./...

# The storage, auth, API and HTTP suites against PostgreSQL (URL in REMAKER_TEST_POSTGRES).
test-postgres:
	@test -n "$$REMAKER_TEST_POSTGRES" || { echo "set REMAKER_TEST_POSTGRES=postgres://USER@HOST:PORT/DB?sslmode=disable"; exit 2; }
	$(GO) test -count=1 -timeout 25m ./internal/store/... ./internal/auth/... ./internal/api/... ./internal/server/...

# A short run of every fuzz target (FUZZTIME per target, default 10s).
FUZZTIME ?= 10s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$target"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg || exit 1; \
	  done; \
	done

build:
	$(GO) build -trimpath -ldflags "-X main.version=$$(git describe --always --dirty 2>/dev/null || echo dev)" -o remaker ./cmd/remaker
