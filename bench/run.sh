#!/usr/bin/env bash
# Builds Closeloop and runs every benchmark of docs/BENCHMARKS.md: start-up time; purchase ingestion and
# answer submission on H2 and on MariaDB; signed inbound SMS webhooks and WeChat safe-mode messages (each closed
# loop, then open loop at half that throughput) on H2 and on MariaDB; bot turns over the SMS webhook (closed loop)
# on H2 and on MariaDB; each load against a bare endpoint of the same server in the same run; the NLP module's
# accuracy and speed on ../shared/data; ticket assignment; what durable commits cost on H2 (H2CommitBench). Writes bench/results/<UTC time>.md (the report) and .log
# (what the services printed); prints a summary. All load goes to 127.0.0.1. About 30 to 35 minutes on 2 cores.
#
# Settings (environment): BENCH_ONLY (unset: everything; else a comma-separated choice of startup, service, sms,
# wechat, bot, nlp, assignment, commits, e.g. BENCH_ONLY=wechat, about 6 minutes, BENCH_ONLY=bot, about 5,
# BENCH_ONLY=nlp, about 7, or BENCH_ONLY=commits, about 3), BENCH_CLIENTS (8), BENCH_ROUNDS (5), BENCH_SECONDS per round (6), BENCH_WARMUP seconds (8), BENCH_STARTS
# (5), BENCH_SMS_CONNECTIONS of the open loops (8), BENCH_JAVA_OPTS (-Xms1g -Xmx1g; not for nlp, which runs with
# -Xmx2g, nor for bot), BENCH_BOT_JAVA_OPTS (-Xms2g -Xmx2g: the language models need more than 1 GB),
# BENCH_SKIP_MARIADB (unset), BENCH_MYSQL_URL (jdbc:mysql://127.0.0.1:3306/), BENCH_MYSQL_USER (root),
# BENCH_MYSQL_PASSWORD (empty).
set -euo pipefail
cd "$(dirname "$0")/.."

clients=${BENCH_CLIENTS:-8}
rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-6}
warmup=${BENCH_WARMUP:-8}
starts=${BENCH_STARTS:-5}
connections=${BENCH_SMS_CONNECTIONS:-8}
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}"
read -r -a bot_java_opts <<< "${BENCH_BOT_JAVA_OPTS:--Xms2g -Xmx2g}"
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/}
mysql_user=${BENCH_MYSQL_USER:-root}
only=${BENCH_ONLY:-}
for part in ${only//,/ }; do
  case $part in
    startup|service|sms|wechat|bot|nlp|assignment|commits) ;;
    *) echo "BENCH_ONLY: unknown benchmark '$part' (startup, service, sms, wechat, bot, nlp, assignment, commits)" >&2; exit 2 ;;
  esac
done
# Whether a benchmark runs: all of them unless BENCH_ONLY names some.
wanted() {
  [[ -z "$only" || ",$only," == *",$1,"* ]]
}

mvn -B -q -DskipTests package

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report=bench/results/$stamp.md
log=bench/results/$stamp.log
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
bench() {
  java "${java_opts[@]}" -cp "$classpath" "$@" 2>>"$log" | tee -a "$report"
}

{
  echo "# Closeloop benchmarks, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "- command: \`${only:+BENCH_ONLY=$only }bench/run.sh\` (clients=$clients rounds=$rounds seconds=$seconds warmup=$warmup starts=$starts sms connections=$connections, JVM ${java_opts[*]}, bot JVM ${bot_java_opts[*]})"
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- service channels nlp config bench pom.xml || echo ' plus uncommitted changes')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -h | awk '/^Mem:/ {print $2}') memory, $(uname -sr)"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$report"

if wanted startup; then
  bench io.closeloop.bench.StartupBench service/target/closeloop.jar config/local.yml "$starts"
fi
if wanted service; then
  bench io.closeloop.bench.ServiceBench h2 "clients=$clients" "rounds=$rounds" "seconds=$seconds" "warmup=$warmup"
fi
if wanted service && [[ -z "${BENCH_SKIP_MARIADB:-}" ]]; then
  # A database of its own, created and dropped by the benchmark.
  CLOSELOOP_DB_URL="${mysql_url}closeloop_bench_${stamp,,}_$$" \
  CLOSELOOP_DB_USER="$mysql_user" CLOSELOOP_DB_PASSWORD="${BENCH_MYSQL_PASSWORD:-}" \
  CLOSELOOP_API_KEY="bench-key-$$-$RANDOM$RANDOM" \
    bench io.closeloop.bench.ServiceBench mariadb "clients=$clients" "rounds=$rounds" "seconds=$seconds" "warmup=$warmup" \
    || echo "MariaDB benchmark failed; see $log" | tee -a "$report"
fi

# Signed inbound SMS webhooks: closed loop against the bare form endpoint, then open loop at half the rate.
sms_args=("clients=$clients" "rounds=$rounds" "seconds=$seconds" "warmup=$warmup" "connections=$connections")
if wanted sms; then
  bench io.closeloop.bench.SmsBench h2 "${sms_args[@]}" || echo "SMS benchmark on H2 failed; see $log" | tee -a "$report"
fi
if wanted sms && [[ -z "${BENCH_SKIP_MARIADB:-}" ]]; then
  # config/mysql.yml has SMS off and sending through Twilio: on here, with development credentials, and texts
  # written to the log as in config/local.yml, so nothing leaves the machine.
  CLOSELOOP_DB_URL="${mysql_url}closeloop_bench_sms_${stamp,,}_$$" \
  CLOSELOOP_DB_USER="$mysql_user" CLOSELOOP_DB_PASSWORD="${BENCH_MYSQL_PASSWORD:-}" \
  CLOSELOOP_API_KEY="bench-key-$$-$RANDOM$RANDOM" \
  CLOSELOOP_SMS_ENABLED=true CLOSELOOP_SMS_SENDER=log TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 \
  TWILIO_AUTH_TOKEN="bench-twilio-token-$$-$RANDOM$RANDOM" TWILIO_FROM=+15005550006 TWILIO_MESSAGING_SERVICE_SID= \
    bench io.closeloop.bench.SmsBench mariadb "${sms_args[@]}" \
    || echo "SMS benchmark on MariaDB failed; see $log" | tee -a "$report"
fi

# WeChat safe-mode messages (decrypt, handle, encrypted passive reply): closed loop against the bare XML
# endpoint, then open loop at half the rate. WeChat's API is a stand-in on 127.0.0.1 started by the benchmark.
if wanted wechat; then
  bench io.closeloop.bench.WeChatBench h2 "${sms_args[@]}" || echo "WeChat benchmark on H2 failed; see $log" | tee -a "$report"
fi
if wanted wechat && [[ -z "${BENCH_SKIP_MARIADB:-}" ]]; then
  # config/mysql.yml has WeChat off and no credentials: on here, in safe mode, with credentials made up for this
  # run (the API stand-in accepts whatever the service is configured with).
  CLOSELOOP_DB_URL="${mysql_url}closeloop_bench_wechat_${stamp,,}_$$" \
  CLOSELOOP_DB_USER="$mysql_user" CLOSELOOP_DB_PASSWORD="${BENCH_MYSQL_PASSWORD:-}" \
  CLOSELOOP_API_KEY="bench-key-$$-$RANDOM$RANDOM" \
  CLOSELOOP_WECHAT_ENABLED=true WECHAT_MODE=safe WECHAT_TOKEN="bench-wechat-token-$$-$RANDOM$RANDOM" \
  WECHAT_APP_ID="wx$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" WECHAT_APP_SECRET="bench-wechat-secret-$$-$RANDOM$RANDOM" \
  WECHAT_AES_KEY="$(LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 43)" WECHAT_TEMPLATE_ID= \
    bench io.closeloop.bench.WeChatBench mariadb "${sms_args[@]}" \
    || echo "WeChat benchmark on MariaDB failed; see $log" | tee -a "$report"
fi

# Bot turns over the SMS webhook (issue 6): FAQ questions from numbers with no survey, answered by the bot with the
# language models on and the demo FAQ trained, closed loop against the bare form endpoint. A larger heap: the models.
bot_args=("clients=$clients" "rounds=$rounds" "seconds=$seconds" "warmup=$warmup")
bot_bench() {
  java "${bot_java_opts[@]}" -cp "$classpath" "$@" 2>>"$log" | tee -a "$report"
}
if wanted bot; then
  bot_bench io.closeloop.bench.BotBench h2 "${bot_args[@]}" || echo "Bot benchmark on H2 failed; see $log" | tee -a "$report"
fi
if wanted bot && [[ -z "${BENCH_SKIP_MARIADB:-}" ]]; then
  # As for the SMS benchmark: SMS on, development credentials, texts to the log.
  CLOSELOOP_DB_URL="${mysql_url}closeloop_bench_bot_${stamp,,}_$$" \
  CLOSELOOP_DB_USER="$mysql_user" CLOSELOOP_DB_PASSWORD="${BENCH_MYSQL_PASSWORD:-}" \
  CLOSELOOP_API_KEY="bench-key-$$-$RANDOM$RANDOM" \
  CLOSELOOP_SMS_ENABLED=true CLOSELOOP_SMS_SENDER=log TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 \
  TWILIO_AUTH_TOKEN="bench-twilio-token-$$-$RANDOM$RANDOM" TWILIO_FROM=+15005550006 TWILIO_MESSAGING_SERVICE_SID= \
    bot_bench io.closeloop.bench.BotBench mariadb "${bot_args[@]}" \
    || echo "Bot benchmark on MariaDB failed; see $log" | tee -a "$report"
fi

# NLP (issue 5): intent matching and out-of-scope questions on BANKING77, English sentiment on SST-2 (CoreNLP's
# stock pipeline against the service's), Chinese sentiment on waimai, all read from ../shared/data; then the
# sentiment models' load time and heap in a JVM of its own. A fixed 2 GB heap: the aim is a heap under 1.5 GB.
if wanted nlp; then
  java -Xmx2g -cp "$classpath" io.closeloop.bench.NlpBench all results=- 2>>"$log" | tee -a "$report" \
    || echo "NLP benchmark failed; see $log" | tee -a "$report"
fi
# Ticket assignment latency with 10,000 open tickets and 50 agents (issue 6), on H2 and MariaDB.
if wanted assignment; then
  bench io.closeloop.bench.AssignmentBench h2 || echo "Assignment benchmark on H2 failed; see $log" | tee -a "$report"
  if [[ -z "${BENCH_SKIP_MARIADB:-}" ]]; then
    CLOSELOOP_DB_URL="${mysql_url}closeloop_bench_$(date +%s)" CLOSELOOP_DB_USER="$mysql_user" \
      CLOSELOOP_DB_PASSWORD="${BENCH_MYSQL_PASSWORD:-}" CLOSELOOP_API_KEY="bench-key-$(date +%s)-0123456789" \
      bench io.closeloop.bench.AssignmentBench mariadb || echo "Assignment benchmark on MariaDB failed; see $log" | tee -a "$report"
  fi
fi
# Durable commits on H2 (issue 13): purchases and answers with H2's old commit delay (WRITE_DELAY=500) against the
# shipped WRITE_DELAY=0, alternated round by round on one server.
if wanted commits; then
  bench io.closeloop.bench.H2CommitBench h2 "clients=$clients" "rounds=$rounds" "seconds=$seconds" "warmup=$warmup" \
    || echo "H2 commit benchmark failed; see $log" | tee -a "$report"
fi
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$report"

echo
echo "Summary ($report):"
grep '^SUMMARY' "$report" | sed 's/^SUMMARY /  /'
