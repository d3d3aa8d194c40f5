#!/usr/bin/env bash
# Builds the base images the Docker tests need on a machine without an image registry:
# a minimal Debian bookworm root filesystem (debootstrap) with the JRE 17 and redis-server,
# imported as parley/base-jre17:local (the BASE_IMAGE of docker/Dockerfile in CI) and tagged
# parley/redis:local. Idempotent: does nothing when the images exist.
set -euo pipefail

IMAGE=parley/base-jre17:local
REDIS_IMAGE=parley/redis:local
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$IMAGE" >/dev/null 2>&1 && docker image inspect "$REDIS_IMAGE" >/dev/null 2>&1; then
  echo "base images present: $IMAGE $REDIS_IMAGE"
  exit 0
fi

ROOTFS=$(mktemp -d /tmp/parley-rootfs.XXXXXX)
chmod 755 "$ROOTFS" # mktemp makes it 0700: it becomes the image root, which every user must traverse
trap 'rm -rf "$ROOTFS"' EXIT
echo "debootstrap bookworm into $ROOTFS (a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,redis-server,ca-certificates,passwd \
  bookworm "$ROOTFS" "$MIRROR" >/tmp/parley-debootstrap.log 2>&1 || {
    tail -30 /tmp/parley-debootstrap.log >&2
    exit 1
  }
# slim: package caches, docs and man pages are not needed at runtime
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
tar -C "$ROOTFS" -c . | docker import \
  -c 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'CMD ["/bin/bash"]' - "$IMAGE"
docker tag "$IMAGE" "$REDIS_IMAGE"
echo "built $IMAGE and $REDIS_IMAGE"
