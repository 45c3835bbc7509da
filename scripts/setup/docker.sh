#!/usr/bin/env bash
# Makes a Docker daemon respond to `docker info`: installs Debian's docker.io
# when dockerd is missing, then starts dockerd detached so it outlives this
# script.
#
# The daemon runs with --bridge=none --iptables=false, so it creates no
# docker0 bridge and touches no firewall rules. Agent containers must therefore
# run with network mode `none` or `host`, because the default bridge is absent.
set -euo pipefail

SETUP_STEP=docker
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT_SECONDS=60
DOCKERD_LOG="$CACHE_DIR/dockerd.log"

docker_responds() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

if docker_responds; then
  log "docker daemon already responds to docker info, skipping"
  exit 0
fi

if command -v dockerd >/dev/null 2>&1; then
  log "dockerd already installed at $(command -v dockerd), skipping install"
else
  [[ "$(id -u)" -eq 0 ]] || die "dockerd is missing and installing docker.io needs root"
  log "installing Debian package docker.io"
  export DEBIAN_FRONTEND=noninteractive
  # The lock timeout makes apt wait for another apt run instead of failing.
  run_logged apt-get -o DPkg::Lock::Timeout=300 update
  run_logged apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends docker.io
  command -v dockerd >/dev/null 2>&1 || die "docker.io is installed but dockerd is not on PATH"
fi

# A dockerd that is still starting (or started by someone else) gets waited on,
# because a second daemon would fail on the same pid file and socket.
if pgrep -x dockerd >/dev/null 2>&1; then
  log "dockerd is running but does not respond yet, waiting for it"
else
  mkdir -p "$CACHE_DIR"
  log "starting dockerd --bridge=none --iptables=false, log in $DOCKERD_LOG"
  # setsid detaches dockerd from this script's session and process group, so
  # neither the end of the script nor a CI runner killing the group stops it.
  setsid nohup dockerd --bridge=none --iptables=false </dev/null >>"$DOCKERD_LOG" 2>&1 &
  disown
fi

for ((waited = 0; waited < START_TIMEOUT_SECONDS; waited++)); do
  if docker_responds; then
    log "docker daemon responds after ${waited}s"
    exit 0
  fi
  sleep 1
done

log "last lines of $DOCKERD_LOG:"
tail -n 30 "$DOCKERD_LOG" >&2 || true
die "docker daemon did not respond to docker info within ${START_TIMEOUT_SECONDS}s, see $DOCKERD_LOG"
