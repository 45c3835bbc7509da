# Shared helpers for the setup scripts, which source this file.
#
# Callers set SETUP_STEP (for example "temporal") before sourcing, so every
# log line names the step that printed it in CI output.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
CACHE_DIR="$REPO_ROOT/.cache"

# Log lines go to stderr so that stdout carries only a script's result
# (temporal.sh prints the CLI path there for callers to capture).
log() {
  printf '[setup:%s] %s\n' "${SETUP_STEP:-?}" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# Prefixes every line a command prints, so tool output is attributable in CI logs.
run_logged() {
  "$@" 2>&1 | sed -u "s/^/[setup:${SETUP_STEP:-?}]   /" >&2
  return "${PIPESTATUS[0]}"
}
