#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine with Rust: installs what is missing
# (PostgreSQL, Chromium + ChromeDriver), starts a throwaway PostgreSQL on a loopback port
# as an unprivileged user, runs `cargo test --workspace` with BERDAYA_TEST_PG set, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
PGPORT=${BERDAYA_TEST_PG_PORT:-55432}
PGDIR=$(mktemp -d /tmp/berdaya-pg.XXXXXX)
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$PGDIR"
  RUNAS=(runuser -u postgres --)
fi
stop_pg() {
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U berdaya --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
export BERDAYA_TEST_PG="postgres://berdaya@127.0.0.1:$PGPORT/postgres"
echo "PostgreSQL test server on 127.0.0.1:$PGPORT"

# A one-off build: incremental caches would only take disk (gigabytes) on a clean machine.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
export BERDAYA_CHROMEDRIVER=${BERDAYA_CHROMEDRIVER:-$(command -v chromedriver)}
cargo test --workspace "$@"
