#!/bin/sh
# The embedded run's footprint (a measurement, not a test; docs/benchmarks.md, "Footprint"): starts the launcher
# of a built distribution as README's run command does (`java -jar famichat-launcher.jar`, embedded PostgreSQL,
# embedded broker) on a fresh data directory, times the cold start from the launcher's start to /health/ready
# answering 200 with the application's "serving" check, lets it idle, then prints the proportional set size (PSS,
# /proc/PID/smaps_rollup: shared pages split between the processes sharing them) of every process of the run:
# the launcher's JVM, Payara Micro's JVM, the PostgreSQL postmaster and its workers. Then it stops the launcher
# with SIGTERM (as Ctrl-C does), checks that no process of the run is left, and deletes the data directory.
#
#   bench/footprint.sh [DIST]     DIST: a copy of launcher/target/famichat (default: that directory itself;
#                                 never run it from launcher/target while rebuilding)
#   RUNS=3 IDLE=60 PORT=18480 bench/footprint.sh ...   cold starts in a row, seconds idle before measuring, port
#   JAVA_OPTS="..." bench/footprint.sh ...            options of the launcher's own JVM (none, as README's command)
set -eu
cd "$(dirname "$0")/.."
DIST=${DIST:-${1:-launcher/target/famichat}}
RUNS=${RUNS:-1}
IDLE=${IDLE:-60}
PORT=${PORT:-18480}
JAVA_OPTS=${JAVA_OPTS:-}

load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
# The launcher and all its descendants (Payara and PostgreSQL are started in sessions of their own: by parent).
tree() {
    echo "$1"
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$child"; done
}
# CPU seconds a process and its reaped children used (utime, stime, cutime, cstime): the start's work, which
# unlike its wall time hardly depends on what else the machine runs.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || echo 0; }
kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sm)," \
    "$(java -version 2>&1 | head -1)"
echo "distribution: $DIST; launcher JVM options: ${JAVA_OPTS:-none}; idle ${IDLE} s before measuring"
run=1
while [ "$run" -le "$RUNS" ]; do
    DATA=$(mktemp -d "${TMPDIR:-/tmp}/famichat-footprint-XXXXXX")
    LOG="$DATA.log"
    load_start=$(load)
    start=$(now_ms)
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    FAMICHAT_DATA_DIR="$DATA/data" FAMICHAT_HTTP_PORT=$PORT java $JAVA_OPTS -jar "$DIST/famichat-launcher.jar" \
        >"$LOG" 2>&1 &
    LAUNCHER=$!
    ready=""
    while kill -0 "$LAUNCHER" 2>/dev/null; do
        if curl -sf --max-time 2 "http://127.0.0.1:$PORT/health/ready" 2>/dev/null | grep -q '"name":"serving"'; then
            ready=$(now_ms)
            break
        fi
        sleep 0.1
    done
    if [ -z "$ready" ]; then
        echo "run $run: the launcher exited before ready; its output: $LOG" >&2
        exit 1
    fi
    cold=$(awk -v ms=$((ready - start)) 'BEGIN { printf "%.1f", ms / 1000 }')
    ticks=0
    for pid in $(tree "$LAUNCHER"); do ticks=$((ticks + $(cpu_ticks "$pid"))); done
    cpu=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')
    load_ready=$(load)
    sleep "$IDLE"
    PIDS=$(tree "$LAUNCHER")
    echo "run $run ($(date -u +%H:%M) UTC): cold start to ready ${cold} s, ${cpu} s of CPU (load average at start $load_start, at ready $load_ready," \
        "after ${IDLE} s idle $(load))"
    launcher_kb=0; payara_kb=0; postgres_kb=0; postgres_n=0
    for pid in $PIDS; do
        pss=$(kb "$pid" Pss); rss=$(kb "$pid" Rss)
        [ -n "$pss" ] || continue
        cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
        case "$cmd" in
        *famichat-launcher.jar*) launcher_kb=$((launcher_kb + pss)); what=launcher ;;
        *payara-micro.jar*) payara_kb=$((payara_kb + pss)); what=payara ;;
        *postgres*) postgres_kb=$((postgres_kb + pss)); postgres_n=$((postgres_n + 1)); what=postgres ;;
        *) what=other ;;
        esac
        printf '  %-8s pid %-7s PSS %7d kB  RSS %7d kB  %s\n' "$what" "$pid" "$pss" "$rss" "$(echo "$cmd" | cut -c1-60)"
    done
    total=$((launcher_kb + payara_kb + postgres_kb))
    echo "[figures] run $run: cold start ${cold} s (CPU ${cpu} s); PSS MB: launcher $((launcher_kb / 1024)), payara" \
        "$((payara_kb / 1024)), postgres $((postgres_kb / 1024)) ($postgres_n processes), total $((total / 1024))"
    kill -TERM "$LAUNCHER"
    wait "$LAUNCHER" || true
    for _ in $(seq 1 50); do
        left=""
        for pid in $PIDS; do kill -0 "$pid" 2>/dev/null && left="$left $pid"; done
        [ -n "$left" ] || break
        sleep 0.2
    done
    if [ -n "$left" ]; then echo "run $run: processes$left outlived the launcher" >&2; exit 1; fi
    rm -rf "$DATA" "$LOG"
    run=$((run + 1))
done
