#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs and starts what the integration tests need — a real
# RabbitMQ (with its management API, for per-test virtual hosts), Redis, Alertmanager and Prometheus — then runs
# every test project. Safe to run again: services already up are reused.
#
#   scripts/test.sh                 # everything
#   scripts/test.sh --filter Name   # extra arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "$0")/.."
suite_started=$SECONDS

log() { printf '[test.sh] %s\n' "$*" >&2; }

install_services() {
  local missing=()
  command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
  # Operations tests: promtool (metrics, rules), docker-compose (`config` needs no engine), yamllint.
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v yamllint >/dev/null || missing+=(yamllint)
  # The console's browser tests drive Debian's chromium (Playwright's own browser download cannot work here).
  command -v chromium >/dev/null || missing+=(chromium)
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
    rabbitmq-plugins -q enable --offline rabbitmq_management rabbitmq_prometheus >/dev/null
    rabbitmq-server -detached >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
      rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  rabbitmq-plugins -q enable rabbitmq_management >/dev/null 2>&1 || true
  # RabbitMQ's own Prometheus metrics (port 15692): the dashboard and alert rules are checked against them.
  rabbitmq-plugins -q enable rabbitmq_prometheus >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    curl -fsS -u guest:guest http://localhost:15672/api/overview >/dev/null 2>&1 && return
    sleep 1
  done
  log "RabbitMQ management API did not come up"; exit 1
}

# The integration tests give each test a virtual host of its own (`test-…`) and do not delete it; on a machine that runs the
# suite again and again hundreds pile up, and the broker's statistics for them cost CPU in every later test and load
# measurement. Remove those of earlier runs before this one.
remove_leftover_vhosts() {
  local names
  names=$(curl -fsS -u guest:guest http://localhost:15672/api/vhosts 2>/dev/null | grep -o '"name":"test-[^"]*"' | cut -d'"' -f4) || return 0
  [ -z "$names" ] && return 0
  log "removing $(printf '%s\n' "$names" | wc -l) virtual hosts left by earlier test runs"
  for vhost in $names; do
    curl -fsS -o /dev/null -u guest:guest -X DELETE "http://localhost:15672/api/vhosts/$vhost" || true
  done
}

# A second, private RabbitMQ node for the fault-injection tests, which stop and start its broker
# application mid-stream; the main node stays up for every other test.
start_fault_rabbitmq() {
  if rabbitmqctl -n faults -q await_startup --timeout 2 >/dev/null 2>&1; then log "fault RabbitMQ node already running"; return; fi
  log "starting the fault RabbitMQ node (port 5673)"
  local base=/var/lib/rabbitmq/faults-node
  mkdir -p "$base/log"
  echo '[].' > "$base/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$base" 2>/dev/null || true
  RABBITMQ_NODENAME=faults RABBITMQ_NODE_PORT=5673 RABBITMQ_DIST_PORT=25673 \
    RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log" RABBITMQ_PID_FILE="$base/pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    rabbitmqctl -n faults -q await_startup --timeout 5 >/dev/null 2>&1 && return
    sleep 1
  done
  log "the fault RabbitMQ node did not come up"; exit 1
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
remove_leftover_vhosts
start_fault_rabbitmq
start_redis

# An OpenAI-compatible mock server the project did not write (npm's @dwmkerr/mock-llm), for the LLM
# tests. Installed once into a cache outside the repository; TEST_MOCK_LLM points at its entry script.
install_mock_llm() {
  local version=0.1.29 dir="${MOCK_LLM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/enrichment-tests/mock-llm}"
  local script="$dir/node_modules/@dwmkerr/mock-llm/dist/main.js"
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then log "npm missing: install nodejs and npm"; exit 1; fi
    log "installing nodejs and npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  if ! grep -q "\"version\": \"$version\"" "$dir/node_modules/@dwmkerr/mock-llm/package.json" 2>/dev/null; then
    log "installing @dwmkerr/mock-llm@$version"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@dwmkerr/mock-llm@$version" >/dev/null
  fi
  export TEST_MOCK_LLM="$script"
}
install_mock_llm

export TEST_RABBITMQ_URL="${TEST_RABBITMQ_URL:-amqp://guest:guest@localhost:5672/}"
export TEST_RABBITMQ_MANAGEMENT_URL="${TEST_RABBITMQ_MANAGEMENT_URL:-http://guest:guest@localhost:15672/}"
export TEST_FAULT_RABBITMQ_NODE="${TEST_FAULT_RABBITMQ_NODE:-faults}"
export TEST_FAULT_RABBITMQ_PORT="${TEST_FAULT_RABBITMQ_PORT:-5673}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-localhost:6379}"
export TEST_RABBITMQ_PROMETHEUS_URL="${TEST_RABBITMQ_PROMETHEUS_URL:-http://localhost:15692/}"
export TEST_ALERTMANAGER_BINARY="${TEST_ALERTMANAGER_BINARY:-$(command -v prometheus-alertmanager)}"
export TEST_PROMETHEUS_BINARY="${TEST_PROMETHEUS_BINARY:-$(command -v prometheus)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building"
dotnet build Enrichment.Workers.sln -c Release -nologo -v quiet
log "testing"
results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
# One test project at a time (-m:1; dotnet test runs a solution's projects in parallel otherwise): the integration
# and LLM suites each start host processes and mock servers against the same brokers, and two of them at once compete
# for the same cores. The unit projects take seconds, so serialising them costs little.
dotnet test Enrichment.Workers.sln -c Release --no-build -nologo -m:1 --logger "console;verbosity=normal" \
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
echo "suite took $((SECONDS - suite_started))s"
exit $status
