#!/usr/bin/env bash
# The stack `npm run bench -- admin-summary` was measured against: auth, ledger, telemetry and
# filter services plus the gateway, in their own schemas (DB_SCHEMA_PREFIX), NATS prefix and
# ports, so it runs beside other work on the machine. Prints the bench command; Ctrl-C stops all.
#   tools/bench/admin-summary-stack.sh [prefix]
set -euo pipefail
cd "$(dirname "$0")/../.."
P="${1:-benchadm}"
BASE=${BENCH_PORT_BASE:-23100} # below the ephemeral port range
KEYS=$(node -e "const {generateKeyPairSync,randomBytes}=require('crypto');const k=generateKeyPairSync('ed25519');console.log(k.privateKey.export({format:'der',type:'pkcs8'}).toString('base64')+' '+k.publicKey.export({format:'der',type:'spki'}).toString('base64')+' '+randomBytes(32).toString('base64'))")
read -r PRIV PUB TOTP <<<"$KEYS"
export DB_SCHEMA_PREFIX="${P}_" NATS_PREFIX="${P}" REDIS_KEY_PREFIX="${P}:" LOG_LEVEL=warn
export AUTH_GRPC_URL=127.0.0.1:$((BASE + 1)) TELEMETRY_GRPC_URL=127.0.0.1:$((BASE + 2))
export FILTER_GRPC_URL=127.0.0.1:$((BASE + 3)) LEDGER_GRPC_URL=127.0.0.1:$((BASE + 4))
export PAYOUT_GRPC_URL=127.0.0.1:1 NOTIFY_GRPC_URL=127.0.0.1:1
pids=()
run() { # app grpc-port metrics-port [env...]
  local app=$1 grpc=$2 metrics=$3
  shift 3
  env GRPC_PORT="$grpc" METRICS_PORT="$metrics" "$@" node tools/run-ts.cjs "apps/$app/src/main.ts" >"/tmp/${P}-$app.log" 2>&1 &
  pids+=($!)
}
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT
run auth-svc $((BASE + 1)) $((BASE + 11)) JWT_PRIVATE_KEY="$PRIV" JWT_PUBLIC_KEY="$PUB" \
  TOTP_ENCRYPTION_KEY="$TOTP" TELEGRAM_BOT_TOKEN="123456789:$(head -c 26 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 35)"
run telemetry-svc $((BASE + 2)) $((BASE + 12))
run filter-svc $((BASE + 3)) $((BASE + 13))
run ledger-svc $((BASE + 4)) $((BASE + 14)) RECONCILE_ENABLED=false
sleep 20
env GATEWAY_PORT=$((BASE + 0)) METRICS_PORT=$((BASE + 10)) JWT_PUBLIC_KEY="$PUB" WEB_ENABLED=false \
  DOCS_ENABLED=false RATE_LIMIT_DEFAULT_POINTS=100000000 \
  node tools/run-ts.cjs apps/gateway/src/main.ts >"/tmp/${P}-gateway.log" 2>&1 &
pids+=($!)
echo "logs: /tmp/${P}-*.log"
echo "bench: JWT_PRIVATE_KEY=$PRIV BENCH_DB_SCHEMA_PREFIX=${P}_ npm run bench -- admin-summary --url http://127.0.0.1:$BASE"
wait
