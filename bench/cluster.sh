#!/bin/sh
# A cluster on this machine for bench/MessageLoad.java (a tool, not a test): one PostgreSQL 15 (Debian's server
# binaries, fsync on), one Artemis 2.40.0 broker (the distribution in the local Maven repository) and N Famichat
# nodes (a copy of launcher/target/famichat) sharing them with the same vault keys, everything on 127.0.0.1.
#
#   bench/cluster.sh start N [DIR]   start the database, the broker and nodes 1..N (ports 18181, 18182, ...)
#   bench/cluster.sh stop [DIR]      stop them all (by the pids recorded in DIR)
#   DIST=path bench/cluster.sh start ...   the nodes run that distribution (default launcher/target/famichat): an
#                                    A/B pair runs two saved builds one after the other (docs/benchmarks.md)
#
# Then, for example, the same load against one node and against two (docs/benchmarks.md, "Two nodes"):
#   java bench/MessageLoad.java --url http://127.0.0.1:18181 --postgres-pid "$(cat DIR/postgres.pid)" ...
#   java bench/MessageLoad.java --url http://127.0.0.1:18181,http://127.0.0.1:18182 --postgres-pid ... ...
# Limits on sends and sign-ups are raised far above the load, as MessageLoad does for the servers it launches.
# The secrets (the vault key, the broker password) are files of mode 600 in DIR, passed to the nodes by name
# (FAMICHAT_VAULT_KEY_FILE, FAMICHAT_BROKER_PASSWORD_FILE), as the containers do: never on a command line,
# where `ps` shows them to every user of the machine.
set -eu
cd "$(dirname "$0")/.."
COMMAND=${1:?start N [DIR] | stop [DIR]}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ARTEMIS_TGZ=${ARTEMIS_TGZ:-$HOME/.m2/repository/org/apache/activemq/apache-artemis/2.40.0/apache-artemis-2.40.0-bin.tar.gz}
# PG_STAT_STATEMENTS=1 loads pg_stat_statements (for bench/QueryCount.java and bench/stage-costs.sh).
# Other ports for a second cluster on the same machine: PG_PORT=25432 BROKER_PORT=26616 FIRST_HTTP_PORT=28181.
PG_PORT=${PG_PORT:-15432}
BROKER_PORT=${BROKER_PORT:-16616}
FIRST_HTTP_PORT=${FIRST_HTTP_PORT:-18181}
DIST=${DIST:-launcher/target/famichat}

stop_pid() { # $1: pid file
    [ -f "$1" ] || return 0
    PID=$(cat "$1")
    if kill "$PID" 2>/dev/null; then
        for _ in $(seq 1 120); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$1"
}

case "$COMMAND" in
start)
    NODES=${2:?how many nodes}
    DIR=${3:-/tmp/famichat-cluster}
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd)
    [ -d "$DIST" ] || { echo "build first: mvn -B -o -q -DskipTests package" >&2; exit 1; }
    # The nodes run from a copy: a rebuild of launcher/target under a running server crashes it.
    rm -rf "$DIR/dist" && cp -r "$DIST" "$DIR/dist"

    # PostgreSQL refuses to run as root: as the postgres user when started by root.
    AS=""
    if [ "$(id -u)" -eq 0 ]; then AS="runuser -u postgres --"; fi
    mkdir -p "$DIR/pg" && chmod 777 "$DIR"
    if [ ! -f "$DIR/pg/data/PG_VERSION" ]; then
        mkdir -p "$DIR/pg/data"
        if [ -n "$AS" ]; then chown -R postgres "$DIR/pg"; fi
        $AS "$PG_BIN/initdb" -D "$DIR/pg/data" -U famichat --auth=trust -E UTF8 >"$DIR/pg/initdb.log"
    fi
    PRELOAD=""
    if [ "${PG_STAT_STATEMENTS:-0}" = 1 ]; then PRELOAD="-c shared_preload_libraries=pg_stat_statements"; fi
    $AS "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/postgres.log" -w \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR/pg -c max_connections=200 $PRELOAD" start
    head -1 "$DIR/pg/data/postmaster.pid" >"$DIR/postgres.pid"
    "$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U famichat -d postgres -qtc "select 1 from pg_database where datname='famichat'" \
        | grep -q 1 || "$PG_BIN/createdb" -h 127.0.0.1 -p $PG_PORT -U famichat famichat
    if [ "${PG_STAT_STATEMENTS:-0}" = 1 ]; then
        # For bench/stage-costs.sh: the view in the postgres database (it shows every database), so the
        # application's schema stays as Flyway expects it.
        "$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U famichat -d postgres -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
    fi

    umask 077 # the secret files below, and the broker's users file, readable by their owner only
    [ -f "$DIR/broker.password" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$DIR/broker.password"
    [ -f "$DIR/vault.keys" ] || echo "bench:$(head -c 32 /dev/urandom | base64)" >"$DIR/vault.keys"
    chmod 600 "$DIR/broker.password" "$DIR/vault.keys"
    if [ ! -d "$DIR/broker" ]; then
        tar -xzf "$ARTEMIS_TGZ" -C "$DIR"
        # `artemis create` takes the password only as an argument: a placeholder, replaced in the users file.
        sh "$DIR/apache-artemis-2.40.0/bin/artemis" create --silent --force --host 127.0.0.1 \
            --default-port $BROKER_PORT --user famichat --password placeholder --require-login --no-amqp-acceptor \
            --no-stomp-acceptor --no-mqtt-acceptor --no-hornetq-acceptor --no-web --name bench \
            --java-memory 512M "$DIR/broker" >"$DIR/artemis-create.log"
    fi
    # The login module takes a value without ENC(...) as the password itself; written at every start, so that
    # a cluster directory from before keeps working.
    printf 'famichat = %s\n' "$(cat "$DIR/broker.password")" >"$DIR/broker/etc/artemis-users.properties"
    chmod 600 "$DIR/broker/etc/artemis-users.properties"
    (cd "$DIR/broker" && nohup sh bin/artemis run >"$DIR/artemis.log" 2>&1 & echo $! >"$DIR/artemis.pid")
    until grep -q AMQ221007 "$DIR/artemis.log"; do sleep 0.5; done

    for N in $(seq 1 "$NODES"); do
        PORT=$((FIRST_HTTP_PORT + N - 1))
        mkdir -p "$DIR/node$N"
        env FAMICHAT_NODE_ID="node-$N" FAMICHAT_HTTP_PORT=$PORT FAMICHAT_DATA_DIR="$DIR/node$N" \
            FAMICHAT_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/famichat" FAMICHAT_DB_USER=famichat \
            FAMICHAT_DB_PASSWORD=unused FAMICHAT_BROKER_HOST=127.0.0.1 FAMICHAT_BROKER_PORT=$BROKER_PORT \
            FAMICHAT_BROKER_USER=famichat FAMICHAT_BROKER_PASSWORD_FILE="$DIR/broker.password" \
            FAMICHAT_VAULT_KEY_FILE="$DIR/vault.keys" \
            FAMICHAT_RATE_LIMIT_SEND_DEVICE_BURST=1000000/PT10S FAMICHAT_RATE_LIMIT_SEND_DEVICE=1000000/PT1M \
            FAMICHAT_RATE_LIMIT_SEND_USER=1000000/PT1M FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS=100000/PT1H \
            FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS=100000/PT1M FAMICHAT_RATE_LIMIT_SIGN_IN_ACCOUNT=100000/PT1M \
            nohup java -jar "$DIR/dist/famichat-launcher.jar" >"$DIR/node$N.log" 2>&1 &
        echo $! >"$DIR/node$N.pid"
    done
    for N in $(seq 1 "$NODES"); do
        PORT=$((FIRST_HTTP_PORT + N - 1))
        until curl -sf "http://127.0.0.1:$PORT/health/ready" | grep -q '"serving"'; do
            kill -0 "$(cat "$DIR/node$N.pid")" || { echo "node $N exited, see $DIR/node$N.log" >&2; exit 1; }
            sleep 1
        done
        echo "node $N ready on http://127.0.0.1:$PORT"
    done
    ;;
stop)
    DIR=${2:-/tmp/famichat-cluster}
    for F in "$DIR"/node*.pid; do stop_pid "$F"; done
    stop_pid "$DIR/artemis.pid"
    if [ -f "$DIR/postgres.pid" ]; then
        AS=""
        if [ "$(id -u)" -eq 0 ]; then AS="runuser -u postgres --"; fi
        $AS "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null && rm -f "$DIR/postgres.pid"
    fi
    ;;
*)
    echo "usage: $0 start N [DIR] | stop [DIR]" >&2
    exit 2
    ;;
esac
