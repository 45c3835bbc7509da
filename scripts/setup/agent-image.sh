#!/usr/bin/env bash
# Builds the agent image deckhand-agent:<inputs-hash> without a registry and
# tags it deckhand-agent:local: debootstrap a Debian rootfs, add the agent
# user, the Claude Code and Codex native binaries and the Gemini CLI bundle,
# then `docker import` the tree.
#
# images/agent/Dockerfile is the production recipe for the same image; keep
# the two in step. Needs root and a running Docker daemon (see docker.sh).
set -euo pipefail

SETUP_STEP=agent-image
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCRIPT_PATH="$REPO_ROOT/scripts/setup/agent-image.sh"
IMAGE_REPO=deckhand-agent
SUITE=bookworm
PACKAGES=git,ca-certificates,nodejs,npm,procps
AGENT_UID=1000
AGENT_GID=1000
CLAUDE_PACKAGE_DIR="$REPO_ROOT/node_modules/@anthropic-ai/claude-code-linux-x64"
CLAUDE_BINARY="$CLAUDE_PACKAGE_DIR/claude"
# npm 11 skips the install script of @openai/codex, so the native binary is
# taken from its platform package, which the lock file installs directly.
CODEX_PACKAGE_DIR="$REPO_ROOT/node_modules/@openai/codex-linux-x64"
CODEX_VENDOR_DIR="$CODEX_PACKAGE_DIR/vendor/x86_64-unknown-linux-musl"
# The Gemini CLI is one JavaScript bundle without required dependencies. It
# needs Node.js 20 or later, and bookworm ships 18, so the image also gets the
# worker host's own node binary: same Debian release, same glibc and libstdc++.
GEMINI_PACKAGE_DIR="$REPO_ROOT/node_modules/@google/gemini-cli"
HOST_NODE="$(command -v node)"

# Prints the first mirror URL that apt on this host uses for suite $1, read
# from the deb822 sources or the one-line sources.list, or $2 when neither
# lists that suite.
find_apt_mirror() {
  local suite="$1" fallback="$2" mirror=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    mirror="$(awk -v suite="$suite" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uri = ""; has_suite = 0; is_deb = 0
        for (i = 1; i <= NF; i++) {
          split($i, words, /[ \t]+/)
          if (words[1] == "URIs:") uri = words[2]
          if (words[1] == "Types:") for (w in words) if (words[w] == "deb") is_deb = 1
          if (words[1] == "Suites:") for (w in words) if (words[w] == suite) has_suite = 1
        }
        if (uri != "" && has_suite && is_deb) { print uri; exit }
      }' /etc/apt/sources.list.d/*.sources)"
  fi
  if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
    # One-line entries may carry options in brackets: deb [signed-by=...] URL suite
    mirror="$(awk -v suite="$suite" '$1 == "deb" {
        line = $0
        sub(/\[[^]]*\][ \t]*/, "", line)
        split(line, fields, /[ \t]+/)
        if (fields[3] == suite) { print fields[2]; exit }
      }' /etc/apt/sources.list)"
  fi
  printf '%s\n' "${mirror:-$fallback}"
}

ensure_debootstrap() {
  if command -v debootstrap >/dev/null 2>&1; then
    log "debootstrap already installed, skipping install"
    return
  fi
  log "installing Debian package debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  run_logged apt-get -o DPkg::Lock::Timeout=300 update
  run_logged apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends debootstrap
}

# Unmounts anything left mounted below $1 (debootstrap mounts /proc and /sys
# in the target and a failed run can leave them), then deletes the tree.
# --one-file-system keeps rm out of any mount the unmount missed.
remove_tree() {
  local dir="$1"
  [[ -d "$dir" ]] || return 0
  local mount_point
  while read -r mount_point; do
    umount -l "$mount_point" || true
  done < <(awk -v prefix="$dir/" 'index($2, prefix) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$dir"
}

# Debootstraps the base system with the agent user and /workspace into $1,
# from mirror $2 and with security updates from mirror $3.
# Its code, as `declare -f` prints it without comments, is part of the rootfs
# cache key, so a code change here rebuilds the rootfs and edits elsewhere do not.
build_rootfs() {
  local rootfs="$1" mirror="$2" security_mirror="$3"
  # debootstrap's own resolver leaves npm unconfigurable: it skips some of
  # npm's dependencies (node-cssesc, node-has and more in bookworm), so the
  # packages are installed by apt inside the new system instead of --include.
  if ! run_logged debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror"; then
    # The build tree is deleted on exit, so the log is kept next to the cache.
    cp "$rootfs/debootstrap/debootstrap.log" "$CACHE_DIR/debootstrap.log" 2>/dev/null || true
    tail -n 40 "$CACHE_DIR/debootstrap.log" >&2 || true
    die "debootstrap failed, full log in $CACHE_DIR/debootstrap.log"
  fi

  # debootstrap lists only the release itself, which lacks security fixes.
  printf 'deb %s %s main\n' "$mirror" "$SUITE" "$mirror" "$SUITE-updates" \
    "$security_mirror" "$SUITE-security" >"$rootfs/etc/apt/sources.list"

  # Some maintainer scripts read /proc. remove_tree unmounts it if apt fails.
  mount -t proc proc "$rootfs/proc"
  run_logged chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get update
  run_logged chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y
  run_logged chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends ${PACKAGES//,/ }
  umount "$rootfs/proc"

  chroot "$rootfs" groupadd --gid "$AGENT_GID" agent
  chroot "$rootfs" useradd --uid "$AGENT_UID" --gid "$AGENT_GID" \
    --home-dir /home/agent --create-home --shell /bin/bash agent
  install -d -o "$AGENT_UID" -g "$AGENT_GID" -m 0755 "$rootfs/workspace"

  # Apt lists, package archives, docs, man pages and message translations
  # are not needed at run time. Copyright files stay because many of the
  # packages' licenses require their notice to ship with the binaries.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/usr/share/man \
    "$rootfs"/usr/share/info "$rootfs"/var/log/*.log
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  # debootstrap copies these from the build host. Docker supplies its own at
  # run time, and the host's values do not belong in the image.
  rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
}

# Copies the Codex and Gemini CLIs and the Node.js that runs Gemini into rootfs $1.
install_agent_clis() {
  local rootfs="$1" lib="$1/usr/local/lib"
  mkdir -p "$lib/codex" "$lib/gemini-cli" "$lib/node20/bin"
  # Codex finds its resources and its bundled rg relative to the real binary,
  # so the whole platform folder is copied and bin/codex is linked onto PATH.
  cp -a "$CODEX_VENDOR_DIR/." "$lib/codex/"
  ln -s ../lib/codex/bin/codex "$rootfs/usr/local/bin/codex"
  # The optional node-pty and keytar packages stay out: npm 11 skipped their
  # install scripts, and the headless run needs neither.
  cp -a "$GEMINI_PACKAGE_DIR/." "$lib/gemini-cli/"
  install -m 0755 "$HOST_NODE" "$lib/node20/bin/node"
  cat >"$rootfs/usr/local/bin/gemini" <<'WRAPPER'
#!/bin/sh
# Node.js 20 runs the Gemini CLI; the image's own node (Debian's 18) stays on PATH.
exec /usr/local/lib/node20/bin/node /usr/local/lib/gemini-cli/bundle/gemini.js "$@"
WRAPPER
  chmod 0755 "$rootfs/usr/local/bin/gemini"
  chown -R root:root "$lib/codex" "$lib/gemini-cli" "$lib/node20"
}

# Runs a command in the image as its default user with no network.
run_in_image() {
  docker run --rm --network none "$1" "${@:2}"
}

verify_image() {
  local image="$1" output
  output="$(run_in_image "$image" id -u)" || return 1
  if [[ "$output" != "$AGENT_UID" ]]; then
    log "id -u printed '$output', expected $AGENT_UID"
    return 1
  fi
  local command
  for command in "claude --version" "codex --version" "gemini --version" "node --version" \
    "npm --version" "git --version"; do
    # shellcheck disable=SC2086 # each entry is a command and its argument
    output="$(run_in_image "$image" $command 2>&1)" || {
      log "'$command' failed in $image: $output"
      return 1
    }
    log "$command: $output"
  done
  run_in_image "$image" touch /workspace/.write-test || {
    log "/workspace is not writable by the agent user in $image"
    return 1
  }
}

timeout 10 docker info >/dev/null 2>&1 ||
  die "docker daemon does not respond to docker info, so run scripts/setup/docker.sh first"
[[ -f "$CLAUDE_BINARY" ]] ||
  die "Claude Code binary not found at $CLAUDE_BINARY, so run 'npm ci' in $REPO_ROOT first"
[[ -x "$CODEX_VENDOR_DIR/bin/codex" ]] ||
  die "Codex binary not found in $CODEX_VENDOR_DIR, so run 'npm ci' in $REPO_ROOT first"
[[ -f "$GEMINI_PACKAGE_DIR/bundle/gemini.js" ]] ||
  die "Gemini CLI bundle not found in $GEMINI_PACKAGE_DIR, so run 'npm ci' in $REPO_ROOT first"
host_node_major="$("$HOST_NODE" -p 'process.versions.node.split(".")[0]')"
((host_node_major >= 20)) ||
  die "$HOST_NODE is Node.js $host_node_major, but the Gemini CLI needs 20 or later"
[[ "$(id -u)" -eq 0 ]] || die "debootstrap and chroot need root"

mkdir -p "$CACHE_DIR"
# Serializes concurrent runs, which would otherwise debootstrap twice and race
# on the cached rootfs tarball.
exec 9>"$CACHE_DIR/agent-image.lock"
if ! flock -n 9; then
  log "another agent-image.sh run holds $CACHE_DIR/agent-image.lock, waiting"
  flock 9
fi

claude_version="$(node -p "require('$CLAUDE_PACKAGE_DIR/package.json').version")"
claude_sha256="$(sha256sum "$CLAUDE_BINARY" | cut -d' ' -f1)"
dockerfile="$REPO_ROOT/images/agent/Dockerfile"
dockerfile_version="$(sed -n 's/^ARG CLAUDE_CODE_VERSION=//p' "$dockerfile" 2>/dev/null || true)"
if [[ "$dockerfile_version" != "$claude_version" ]]; then
  log "warning: $dockerfile pins Claude Code '$dockerfile_version' but node_modules has $claude_version, so update its CLAUDE_CODE_VERSION"
fi
# The platform package's version carries the platform, as in 0.171.0-linux-x64.
codex_version="$(node -p "require('$CODEX_PACKAGE_DIR/package.json').version.split('-')[0]")"
gemini_version="$(node -p "require('$GEMINI_PACKAGE_DIR/package.json').version")"
# The script's content, not its path, is hashed so that clones share images.
# Every file copied into the image is hashed too, so a changed input rebuilds.
image_hash="$({
  sha256sum <"$SCRIPT_PATH"
  printf 'packages=%s\nclaude=%s %s\n' "$PACKAGES" "$claude_version" "$claude_sha256"
  printf 'codex=%s gemini=%s\n' "$codex_version" "$gemini_version"
  (cd "$CODEX_VENDOR_DIR" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  (cd "$GEMINI_PACKAGE_DIR" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  sha256sum <"$HOST_NODE"
} | sha256sum | cut -c1-16)"
image="$IMAGE_REPO:$image_hash"

if docker image inspect "$image" >/dev/null 2>&1; then
  docker tag "$image" "$IMAGE_REPO:local"
  log "$image already exists, skipping build (tagged $IMAGE_REPO:local)"
  exit 0
fi

rootfs_hash="$({
  printf 'suite=%s\npackages=%s\n' "$SUITE" "$PACKAGES"
  declare -f build_rootfs
} | sha256sum | cut -c1-16)"
rootfs_tar="$CACHE_DIR/agent-rootfs-$rootfs_hash.tar"
work_dir="$(mktemp -d "$CACHE_DIR/agent-image-build.XXXXXX")"
trap 'remove_tree "$work_dir"' EXIT

if [[ -f "$rootfs_tar" ]]; then
  log "rootfs $rootfs_tar already cached, skipping debootstrap"
else
  ensure_debootstrap
  mirror="${DECKHAND_DEBIAN_MIRROR:-$(find_apt_mirror "$SUITE" http://deb.debian.org/debian)}"
  security_mirror="$(find_apt_mirror "$SUITE-security" http://deb.debian.org/debian-security)"
  log "debootstrapping $SUITE with $PACKAGES from $mirror and $security_mirror (several minutes)"
  # NOTE: the cache key ignores time, so the cached rootfs keeps the security
  # fixes of the day it was built. Delete .cache/agent-rootfs-*.tar to refresh.
  build_rootfs "$work_dir/rootfs" "$mirror" "$security_mirror"
  tar -C "$work_dir/rootfs" --numeric-owner -cf "$work_dir/rootfs.tar" .
  # Older tarballs belong to earlier recipes and would only take disk space.
  rm -f "$CACHE_DIR"/agent-rootfs-*.tar
  mv "$work_dir/rootfs.tar" "$rootfs_tar"
  remove_tree "$work_dir/rootfs"
  log "cached rootfs as $rootfs_tar ($(du -h "$rootfs_tar" | cut -f1))"
fi

log "assembling $image with Claude Code $claude_version, Codex $codex_version and Gemini CLI $gemini_version"
mkdir "$work_dir/rootfs"
tar -C "$work_dir/rootfs" --numeric-owner -xf "$rootfs_tar"
install -D -m 0755 -o root -g root "$CLAUDE_BINARY" "$work_dir/rootfs/usr/local/bin/claude"
install_agent_clis "$work_dir/rootfs"
tar -C "$work_dir/rootfs" --numeric-owner -c . |
  docker import \
    --change 'USER agent' \
    --change 'WORKDIR /workspace' \
    --change 'ENV HOME=/home/agent' \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'CMD ["sleep","infinity"]' \
    - "$image" >/dev/null

if ! verify_image "$image"; then
  # Dropping the tag makes the next run rebuild instead of skipping.
  docker rmi "$image" >/dev/null || true
  die "image $image failed verification and was removed"
fi
docker tag "$image" "$IMAGE_REPO:local"
log "built $image and tagged $IMAGE_REPO:local ($(docker image inspect --format '{{.Size}}' "$image" | numfmt --to=iec))"

# Images of earlier inputs take about as much disk as this one. Docker keeps
# any that a container still uses, so that removal failure is only logged.
for tag in $(docker images "$IMAGE_REPO" --format '{{.Tag}}'); do
  if [[ "$tag" != local && "$tag" != "$image_hash" ]]; then
    if docker rmi "$IMAGE_REPO:$tag" >/dev/null 2>&1; then
      log "removed outdated image $IMAGE_REPO:$tag"
    else
      log "kept outdated image $IMAGE_REPO:$tag because docker rmi failed (in use by a container?)"
    fi
  fi
done
