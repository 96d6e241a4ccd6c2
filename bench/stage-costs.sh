#!/bin/sh
# Load-independent costs per delivery of a bench/cluster.sh cluster under load (a tool, not a test): run
# bench/MessageLoad.java against node 1 in another terminal, and once it is past its warm-up
#
#   bench/stage-costs.sh SECONDS [DIR]          (the cluster started with PG_STAT_STATEMENTS=1)
#
# counts, over SECONDS, the deliveries (envelopes newly marked delivered, i.e. acknowledged) and per delivery:
# PostgreSQL transactions (pg_stat_database.xact_commit) and statements (pg_stat_statements, the most called
# listed), the broker's messages added and acknowledged per queue (`artemis queue stat`), and the CPU of node 1's
# Payara process and of PostgreSQL (the postmaster, its backends and its ended children, from /proc). Counts do
# not depend on how loaded the machine is; CPU per delivery does a little (docs/benchmarks.md, "Cost per delivery").
set -eu
SECONDS_=${1:?SECONDS [DIR]}
DIR=${2:-/tmp/famichat-cluster}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-15432}
BROKER_PORT=${BROKER_PORT:-16616}
PSQL="$PG_BIN/psql -h 127.0.0.1 -p $PG_PORT -U famichat -d postgres -qAtX"
ARTEMIS="$DIR/broker/bin/artemis"

ticks() { # $1: pid; utime + stime (+ cutime + cstime with $2 = children) in clock ticks
    awk -v c="${2:-}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (c != "") t += $14 + $15; print t }' "/proc/$1/stat"
}
payara_pid() { # the launcher's child JVM
    for P in $(cat "/proc/$(cat "$DIR/node1.pid")/task/"*/children); do
        if grep -q fish.payara "/proc/$P/cmdline" 2>/dev/null || grep -q payara "/proc/$P/cmdline"; then echo "$P"; return; fi
    done
}
postgres_ticks() {
    PM=$(cat "$DIR/postgres.pid")
    T=$(ticks "$PM" children)
    for P in $(cat "/proc/$PM/task/"*/children); do T=$((T + $(ticks "$P" 2>/dev/null || echo 0))); done
    echo "$T"
}
xacts() {
    $PSQL -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'famichat'"
}
delivered() {
    $PSQL -d famichat -c "SELECT count(*) FROM message_envelopes WHERE delivered_at IS NOT NULL"
}
broker() { # address added acked, one line per queue (names wrap in the table, addresses fit)
    # The password goes in at the tool's prompt, never on its command line (ps shows that to every user); the
    # prompt reads the terminal, so the tool runs under script(1)'s pseudo-terminal.
    script -qec "$ARTEMIS queue stat --url tcp://127.0.0.1:$BROKER_PORT --user famichat --maxRows 200" /dev/null \
        <"$DIR/broker.password" 2>/dev/null \
        | awk -F'|' 'NF > 8 { gsub(/ /, "") } $6 ~ /^[0-9]+$/ { print $3, $6, $8 }' | sort
}

PAYARA=$(payara_pid)
HZ=$(getconf CLK_TCK)
# The broker's tool takes seconds to start: it starts at both ends alike, so its interval is as long as the rest's.
broker >"$DIR/broker.before" &
BROKER=$!
$PSQL -c "SELECT pg_stat_statements_reset()" >/dev/null
X0=$(xacts); D0=$(delivered); C0=$(ticks "$PAYARA"); P0=$(postgres_ticks); L0=$(cut -d' ' -f1-3 /proc/loadavg)
sleep "$SECONDS_"
wait "$BROKER"
broker >"$DIR/broker.after" &
BROKER=$!
X1=$(xacts); D1=$(delivered); C1=$(ticks "$PAYARA"); P1=$(postgres_ticks); L1=$(cut -d' ' -f1-3 /proc/loadavg)
$PSQL -F ' | ' -c "SELECT s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements s
    JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'famichat' ORDER BY s.calls DESC" >"$DIR/statements.txt"
wait "$BROKER"

N=$((D1 - D0))
[ "$N" -gt 0 ] || { echo "no delivery in $SECONDS_ s: is MessageLoad running against node 1?" >&2; exit 1; }
echo "window $SECONDS_ s, $N deliveries ($(echo "$N $SECONDS_" | awk '{printf "%.1f", $1 / $2}')/s); load average $L0 -> $L1"
awk -v x="$((X1 - X0))" -v n="$N" 'BEGIN { printf "PostgreSQL transactions per delivery: %.2f\n", x / n }'
awk -v n="$N" -F' \\| ' '{ s += $1; q[NR] = $1; t[NR] = $2 } END {
    printf "PostgreSQL statements per delivery: %.2f (BEGIN/COMMIT included)\n", s / n
    for (i = 1; i <= NR && i <= 25; i++) printf "  %6.2f  %s\n", q[i] / n, t[i] }' "$DIR/statements.txt"
echo "broker per delivery (messages added, acknowledged):"
join "$DIR/broker.before" "$DIR/broker.after" | awk -v n="$N" '{ a = $4 - $2; k = $5 - $3;
    if (a + k > 0) printf "  %-45s %6.2f %6.2f\n", $1, a / n, k / n }'
awk -v c="$((C1 - C0))" -v p="$((P1 - P0))" -v n="$N" -v hz="$HZ" -v s="$SECONDS_" 'BEGIN {
    printf "CPU per delivery: payara %.2f ms (%.2f cores), postgres %.2f ms (%.2f cores)\n",
        c * 1000 / hz / n, c / hz / s, p * 1000 / hz / n, p / hz / s }'
