#!/usr/bin/env bash
# Sets up the local world for tests and the demo: a Temporal CLI, a running
# Docker daemon and the agent image. Writes .tools/env for callers to source.
set -euo pipefail

SETUP_STEP=all
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_dir="$REPO_ROOT/scripts/setup"
env_file="$TOOLS_DIR/env"
agent_image=deckhand-agent:local

# temporal.sh prints the CLI path as its last stdout line, or nothing when
# neither a CLI nor Go is available.
temporal_cli="$(bash "$setup_dir/temporal.sh" | tail -n 1)"
bash "$setup_dir/docker.sh"
bash "$setup_dir/agent-image.sh"

mkdir -p "$TOOLS_DIR"
{
  printf '# Written by scripts/setup/all.sh; rerun it to refresh.\n'
  if [[ -n "$temporal_cli" ]]; then
    printf 'TEMPORAL_CLI=%q\n' "$temporal_cli"
  fi
  printf 'DECKHAND_AGENT_IMAGE=%q\n' "$agent_image"
} >"$env_file.tmp"
mv "$env_file.tmp" "$env_file"
log "wrote $env_file"
