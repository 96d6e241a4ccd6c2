#!/bin/sh
# Makes the secrets docker/compose.yaml mounts, in DIR (default: docker/secrets, next to compose.yaml), each only
# if it is missing (so running it again changes nothing):
#   db_password, broker_password  random passwords (PostgreSQL's famichat role; the brokers' user famichat)
#   vault_keys                    the key vault's master key file (docs/security.md, "Key vault"): back it up
#                                 apart from the database, without it nothing sealed can be read
#   tls.pem                       the proxy's self-signed certificate and key, for HOSTNAME (default localhost)
#                                 and 127.0.0.1; replace it with a real one for a real host name
# Each file is owner-only and owned by uid 10001, the famichat user of the Famichat image: the vault refuses a key
# file that anyone else may read (the other services' entrypoints read their secret as root). Needs root (or
# sudo) for that chown, and openssl.
set -eu
DIR="${1:-$(cd "$(dirname "$0")" && pwd)/secrets}"
HOSTNAME="${2:-localhost}"
OWNER=10001
umask 077
mkdir -p "$DIR"

random() {
    openssl rand -base64 "$1" | tr -d '\n'
}

made=
if [ ! -s "$DIR/db_password" ]; then random 24 >"$DIR/db_password"; made="$made db_password"; fi
if [ ! -s "$DIR/broker_password" ]; then random 24 >"$DIR/broker_password"; made="$made broker_password"; fi
if [ ! -s "$DIR/vault_keys" ]; then
    {
        echo "# Famichat key vault master keys, one id:base64(32 bytes) per line; see docs/security.md."
        echo "k-$(date -u +%Y-%m-%d):$(random 32)"
    } >"$DIR/vault_keys"
    made="$made vault_keys"
fi
if [ ! -s "$DIR/tls.pem" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
        -subj "/CN=$HOSTNAME" -addext "subjectAltName=DNS:$HOSTNAME,IP:127.0.0.1" \
        -keyout "$DIR/tls.key.tmp" -out "$DIR/tls.crt" 2>/dev/null
    cat "$DIR/tls.crt" "$DIR/tls.key.tmp" >"$DIR/tls.pem"
    rm -f "$DIR/tls.key.tmp"
    made="$made tls.pem(+tls.crt)"
fi
chmod 600 "$DIR/db_password" "$DIR/broker_password" "$DIR/vault_keys" "$DIR/tls.pem"
chmod 644 "$DIR/tls.crt"
chown "$OWNER:$OWNER" "$DIR/db_password" "$DIR/broker_password" "$DIR/vault_keys" "$DIR/tls.pem"
echo "[secrets] ${made:-nothing new} in $DIR (tls.crt is the certificate to trust)"
