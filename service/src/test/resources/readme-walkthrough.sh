#!/usr/bin/env bash
# The harness around the README's blocks (see ReadmeWalkthroughIT): fail on the first failing command, and on
# any HTTP answer of 400 or more that the README does not announce with "# expect NNN".
set -euo pipefail
__servers=()
__n=0
__expected=""

__block() { printf '\n### README.md line %s\n' "$1"; }

__stop() {
  local pid
  for pid in "${__servers[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${__servers[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  __servers=()
}
trap __stop EXIT

# A line that starts the service runs as in a terminal of its own; the next line waits until it answers.
__start() {
  __stop
  __n=$((__n + 1))
  local log="$WALKTHROUGH_LOGS/server-$__n.log"
  printf '$ %s   (in the background, log: %s)\n' "$1" "$log"
  setsid bash -c "$1" >"$log" 2>&1 &
  __servers+=("$!")
  local pid=$!
  for _ in $(seq 1 600); do
    if command curl -s -o /dev/null "http://localhost:${CLOSELOOP_ADMIN_PORT:-8081}/healthcheck"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "README: the service stopped: $1" >&2; tail -n 40 "$log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "README: the service did not answer within 5 minutes: $1" >&2; tail -n 40 "$log" >&2; return 1
}

__expect() { __expected="$1"; }

curl() {
  local err rc=0 code expected="$__expected"
  __expected=""
  err=$(mktemp)
  command curl --write-out '%{stderr}%{http_code}\n' "$@" 2>"$err" || rc=$?
  code=$(tail -n 1 "$err")
  head -n -1 "$err" >&2
  rm -f "$err"
  if [ "$rc" -ne 0 ]; then echo "README: curl failed (exit $rc): curl $*" >&2; return "$rc"; fi
  if [ -n "$expected" ] && [ "$code" != "$expected" ]; then
    echo "README: expected HTTP $expected, got $code: curl $*" >&2; return 22
  fi
  if [ -z "$expected" ] && [ "$code" -ge 400 ]; then echo "README: HTTP $code: curl $*" >&2; return 22; fi
  return 0
}
