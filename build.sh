#!/usr/bin/env bash
# Rapport's build entry point.
#   ./build.sh test        install what the tests need, start a private PostgreSQL, run every test
#   ./build.sh run [ARGS]  start Rapport (rapport serve) on its embedded default: SQLite + ./data
set -euo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# Debian packages the tests need (Playwright drives Debian's Chromium; the mail tests send to Postfix's smtp-sink and check DKIM with python3-dkim).
ensure_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v python3 >/dev/null || missing+=(python3)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/smtp-sink ] || missing+=(postfix)          # smtp-sink: the SMTP peer of the mail tests
  /usr/bin/python3 -c 'import dkim' 2>/dev/null || missing+=(python3-dkim)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    # Postfix without a configuration: its tools only, no mail server started on port 25.
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# A throwaway PostgreSQL cluster on a free loopback port; stopped and removed on exit.
start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_DIR=$(mktemp -d /tmp/rapport-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  local run=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; run=(runuser -u postgres --); fi
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  PG_CTL=("${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data")
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres --encoding=UTF8 --locale=C >/dev/null
  trap stop_postgres EXIT
  "${PG_CTL[@]}" -w -l "$PG_DIR/log" -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
    || { cat "$PG_DIR/log"; exit 1; }
  export RAPPORT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
  echo "PostgreSQL for tests: 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  "${PG_CTL[@]}" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

# One closing line for CI: "tests: N passed, M failed", with the failed tests named above it.
summarize() {
  python3 - "$1" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iter(ns + "UnitTestResult"):
        outcome = result.get("outcome")
        if outcome == "Passed": passed += 1
        elif outcome == "NotExecuted": skipped += 1
        else:
            failed += 1
            print("FAILED:", result.get("testName"))
print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or passed == 0 else 0)
PY
}

run_tests() {
  ensure_packages
  start_postgres
  local results=artifacts/test-results
  rm -rf "$results"
  dotnet build Rapport.slnx -c Release -nologo -clp:ErrorsOnly
  local status=0
  dotnet test Rapport.slnx -c Release --no-build --logger "trx;LogFilePrefix=results" --results-directory "$results" || status=$?
  summarize "$results" || status=1
  return $status
}

case "${1:-help}" in
  test) run_tests ;;
  run) shift; exec dotnet run --project src/Rapport.Server -- serve "$@" ;;
  *) usage ;;
esac
