# Where the CPU goes during a measured run, sourced by the benchmarks. On a small machine the service under test, the
# database and the load generator share the same cores, so a rate is bounded by the CPU each operation costs in all
# of them together; these figures show that split.
#   cpu_mark [PID]          remember the machine's busy and idle time (and PID's CPU time) now
#   cpu_since RATE [PID]    since the mark: "<busy cores> <machine CPU us per op> <PID's CPU us per op>"
_cpu_machine() { head -1 /proc/stat | awk '{print $2 + $3 + $4 + $7 + $8, $5 + $6}'; }
_cpu_process() { if [[ -n "${1:-}" && -r /proc/$1/stat ]]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo 0; fi; }
cpu_mark() {
  read -r CPU_MARK_BUSY CPU_MARK_IDLE < <(_cpu_machine)
  CPU_MARK_PROCESS=$(_cpu_process "${1:-}")
  CPU_MARK_AT=$(date +%s.%N)
}
cpu_since() {
  local rate=$1 busy idle process now
  read -r busy idle < <(_cpu_machine)
  process=$(_cpu_process "${2:-}")
  now=$(date +%s.%N)
  awk -v b=$((busy - CPU_MARK_BUSY)) -v i=$((idle - CPU_MARK_IDLE)) -v p=$((process - CPU_MARK_PROCESS)) \
    -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" -v rate="$rate" -v t="$(awk -v a="$CPU_MARK_AT" -v b="$now" 'BEGIN { print b - a }')" \
    'BEGIN { ops = rate * t; printf "%.2f %.0f %.0f\n", b / (b + i) * cores, b / hz / ops * 1e6, p / hz / ops * 1e6 }'
}
