#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs and starts what the integration tests need — a real
# RabbitMQ (with its management API, for per-test virtual hosts), Redis, Alertmanager and Prometheus — then runs
# every test project. Safe to run again: services already up are reused.
#
#   scripts/test.sh                 # everything
#   scripts/test.sh --filter Name   # extra arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[test.sh] %s\n' "$*" >&2; }

install_services() {
  local missing=()
  command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
  command -v prometheus >/dev/null || missing+=(prometheus)
  if [ ${#missing[@]} -eq 0 ]; then return; fi
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"; exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts services at install where it can; we start our own below.
}

start_rabbitmq() {
  if rabbitmqctl -q await_startup --timeout 2 >/dev/null 2>&1; then log "RabbitMQ already running"; else
    log "starting RabbitMQ"
    rabbitmq-plugins -q enable --offline rabbitmq_management >/dev/null
    rabbitmq-server -detached >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
      rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  rabbitmq-plugins -q enable rabbitmq_management >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    curl -fsS -u guest:guest http://localhost:15672/api/overview >/dev/null 2>&1 && return
    sleep 1
  done
  log "RabbitMQ management API did not come up"; exit 1
}

start_redis() {
  if redis-cli -p 6379 ping >/dev/null 2>&1; then log "Redis already running"; return; fi
  log "starting Redis"
  redis-server --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis-cli -p 6379 ping >/dev/null 2>&1 && return; sleep 0.5; done
  log "Redis did not come up"; exit 1
}

install_services
start_rabbitmq
start_redis

export TEST_RABBITMQ_URL="${TEST_RABBITMQ_URL:-amqp://guest:guest@localhost:5672/}"
export TEST_RABBITMQ_MANAGEMENT_URL="${TEST_RABBITMQ_MANAGEMENT_URL:-http://guest:guest@localhost:15672/}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-localhost:6379}"
export TEST_ALERTMANAGER_BINARY="${TEST_ALERTMANAGER_BINARY:-$(command -v prometheus-alertmanager)}"
export TEST_PROMETHEUS_BINARY="${TEST_PROMETHEUS_BINARY:-$(command -v prometheus)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building"
dotnet build Enrichment.Workers.sln -c Release -nologo -v quiet
log "testing"
results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Enrichment.Workers.sln -c Release --no-build -nologo --logger "console;verbosity=normal" \
  --logger trx --results-directory "$results" "$@" || status=$?

# One closing line over every test project: 'N passed, N failed'.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "tests: ${passed} passed, ${failed} failed"
exit $status
