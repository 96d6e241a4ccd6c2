#!/bin/sh
# The platform's floor for the message pipeline (issue 15; a measurement, not a test; docs/benchmarks.md, "The
# platform's floor"). Builds bench/floor (a WAR with no Famichat code: per delivery only what the design card
# keeps, see bench/floor/pom.xml), puts it in a copy of a built distribution in place of famichat.war, starts that
# copy's launcher as README's run command does (embedded PostgreSQL with fsync on, the embedded broker, Payara
# Micro with the launcher's JVM options), runs bench/FloorLoad.java against it with the arguments given, then
# stops the launcher with SIGTERM and deletes the copy and its data directory.
#
#   bench/floor.sh [FloorLoad options]        e.g. --concurrency 8 --warmup 30 --duration 60
#                                             or   --rate 2 --families 1 --members 6
#   DIST=... PORT=18580 bench/floor.sh ...    the distribution to copy (default launcher/target/famichat), port
set -eu
cd "$(dirname "$0")/.."
DIST=${DIST:-launcher/target/famichat}
PORT=${PORT:-18580}
[ -f "$DIST/famichat-launcher.jar" ] || { echo "no distribution at $DIST: mvn -B -q -DskipTests package" >&2; exit 1; }
mvn -o -B -q -f bench/floor/pom.xml clean package
WORK=$(mktemp -d "${TMPDIR:-/tmp}/famichat-floor-XXXXXX")
cp -a "$DIST" "$WORK/dist"
cp bench/floor/target/floor.war "$WORK/dist/deploy/famichat.war"
LAUNCHER=
stop() {
    if [ -n "$LAUNCHER" ] && kill -0 "$LAUNCHER" 2>/dev/null; then
        kill "$LAUNCHER"
        while kill -0 "$LAUNCHER" 2>/dev/null; do sleep 0.5; done
    fi
    rm -rf "$WORK"
}
trap stop EXIT INT TERM
FAMICHAT_DATA_DIR="$WORK/data" FAMICHAT_HTTP_HOST=127.0.0.1 FAMICHAT_HTTP_PORT=$PORT \
    java -jar "$WORK/dist/famichat-launcher.jar" >"$WORK/launcher.log" 2>&1 &
LAUNCHER=$!
until curl -sf --max-time 2 "http://127.0.0.1:$PORT/health/ready" 2>/dev/null | grep -q '"name":"serving"'; do
    kill -0 "$LAUNCHER" 2>/dev/null || { cat "$WORK/launcher.log" >&2; echo "the launcher exited before ready" >&2; exit 1; }
    sleep 0.5
done
# Payara answers 404 for a moment after the health check is UP (the web module still starting): wait for a socket.
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
        -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
        "http://127.0.0.1:$PORT/floor/socket/probe")" = 101 ]; do
    kill -0 "$LAUNCHER" 2>/dev/null || { cat "$WORK/launcher.log" >&2; echo "the launcher exited" >&2; exit 1; }
    sleep 0.5
done
PAYARA=$(pgrep -f -n "payara-micro.jar.*--port $PORT " || pgrep -f -n "$WORK/dist/payara-micro.jar")
POSTMASTER=$(pgrep -f -o "postgres.*$WORK/data")
echo "# floor ready: payara pid $PAYARA, postmaster pid $POSTMASTER; the launcher: $(grep -o 'ready in [0-9.]* s' "$WORK/launcher.log")"
java bench/FloorLoad.java --url "http://127.0.0.1:$PORT" --payara-pid "$PAYARA" --postgres-pid "$POSTMASTER" "$@"
