# Warm-up for the wrk-driven benchmarks, sourced by them.
# A JVM service reaches its steady speed only once the JIT has compiled its hot paths, and on two shared cores that
# takes one to two minutes of load (the C2 compiler alone uses a minute of CPU, and the rate climbs in steps with
# plateaus in between). A short fixed warm-up measures the compiler as much as the service, so this one loads the
# target for at least WARMUP_MIN_SECONDS (60), then in 5 s windows until two windows in a row agree within 5 % (or
# WARMUP_MAX_SECONDS, default 150, have passed).
#   warm_until_stable NAME WRK-ARGUMENTS...
warm_until_stable() {
  local name=$1 previous=0 rate elapsed=0 min="${WARMUP_MIN_SECONDS:-60}" max="${WARMUP_MAX_SECONDS:-150}"
  shift
  say "warming up $name (at least ${min}s of load, until its rate settles)"
  wrk "$@" -d"${min}s" >/dev/null
  elapsed=$min
  while ((elapsed < max)); do
    rate=$(wrk "$@" -d5s | awk '/Requests\/sec/ {print $2}')
    elapsed=$((elapsed + 5))
    if awk -v a="$rate" -v b="$previous" 'BEGIN { exit !(b > 0 && a > 0 && (a > b ? a - b : b - a) / b < 0.05) }'; then
      say "$name is warm after ${elapsed}s (${rate%.*} req/s in the last two 5 s windows within 5 %)"
      return 0
    fi
    previous=$rate
  done
  warn "$name did not settle within ${max}s of warm-up (last window ${rate%.*} req/s); measuring anyway"
}
