#!/usr/bin/env bash
# Makes a Temporal CLI available and prints its absolute path as the last
# line of stdout. Log lines go to stderr.
#
# Lookup order: $TEMPORAL_CLI, `temporal` on PATH, .tools/bin/temporal, then a
# build from source with Go. Without Go it prints no path and exits 0, because
# @temporalio/testing downloads its own dev server on machines with internet.
set -euo pipefail

SETUP_STEP=temporal
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Later CLI tags carry a `replace` directive in go.mod that points at a module
# the Go proxy used here does not serve, so `go install pkg@version` rejects them.
CLI_VERSIONS=(v1.5.1 v1.4.1 v1.3.0)
BIN_DIR="$TOOLS_DIR/bin"

# Succeeds when $1 is an executable that runs as a Temporal CLI.
is_working_cli() {
  [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1
}

found() {
  log "using $1 ($2), skipping build"
  printf '%s\n' "$1"
  exit 0
}

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  if is_working_cli "$TEMPORAL_CLI"; then
    found "$(realpath "$TEMPORAL_CLI")" "from \$TEMPORAL_CLI"
  fi
  log "ignoring TEMPORAL_CLI=$TEMPORAL_CLI: not an executable Temporal CLI"
fi

if path_cli="$(command -v temporal 2>/dev/null)" && is_working_cli "$path_cli"; then
  found "$(realpath "$path_cli")" "on PATH"
fi

if is_working_cli "$BIN_DIR/temporal"; then
  found "$BIN_DIR/temporal" "built earlier"
fi

go_bin="$(command -v go 2>/dev/null || true)"
if [[ -z "$go_bin" && -x /usr/local/go/bin/go ]]; then
  go_bin=/usr/local/go/bin/go
fi
if [[ -z "$go_bin" ]]; then
  log "no Temporal CLI and no Go toolchain found; tests fall back to the dev server"
  log "that the Temporal SDK downloads itself, which needs internet access"
  exit 0
fi

mkdir -p "$BIN_DIR"
# Go keeps its module and build caches in its own per-user locations
# (go env GOMODCACHE, GOCACHE), shared with other Go builds on the machine.
# Only the binary lands in the repository, under .tools/bin.
for version in "${CLI_VERSIONS[@]}"; do
  log "building Temporal CLI $version with $go_bin (2 to 3 minutes on 2 cores with an empty Go build cache)"
  if run_logged env GOBIN="$BIN_DIR" "$go_bin" install "github.com/temporalio/cli/cmd/temporal@$version"; then
    if is_working_cli "$BIN_DIR/temporal"; then
      log "built $("$BIN_DIR/temporal" --version)"
      printf '%s\n' "$BIN_DIR/temporal"
      exit 0
    fi
    log "build of $version produced no working $BIN_DIR/temporal"
  else
    log "build of $version failed, trying the next version"
  fi
done

die "failed to build the Temporal CLI (tried ${CLI_VERSIONS[*]}), so set TEMPORAL_CLI to an existing binary"
