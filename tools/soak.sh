#!/usr/bin/env bash
# Soak test: every demo at its maximum settings on the command line, one after another, for
# MINUTES each (default 5). RSS (VmRSS) is sampled every SOAK_INTERVAL seconds (default 5); at the
# end the run is interrupted (SIGINT) and the time until the process has exited is the stop latency
# (request -> threads joined -> result printed). A run that ends by itself earlier says so.
#
#   tools/soak.sh [MINUTES]          (./lab soak [MINUTES] builds Release first)
#   THREADLAB=path/to/threadlab SOAK_INTERVAL=2 SOAK_ONLY=donation tools/soak.sh 0.5
#
# Prints a table: demo, RSS at 1 minute, the highest, at the end (MB), the growth after the first
# minute (MB/min) and the stop latency (ms). The settings match bench/bench_stop.cpp.
set -euo pipefail
minutes=${1:-5}
exe=${THREADLAB:-build/app/threadlab}
interval=${SOAK_INTERVAL:-5}
only=${SOAK_ONLY:-}
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "soak: MINUTES must be a number, not '$minutes'" >&2; exit 2; }
[ -x "$exe" ] || { echo "soak: no executable at $exe (build first, or set THREADLAB)" >&2; exit 2; }
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60); print (s < 1 ? 1 : s) }')
duration_ms=600000 # the longest a run may last; the soak interrupts it at MINUTES

# name | threadlab run arguments (the maximum settings: most threads, no think time, longest runs)
CONFIGS=(
  "donation-continuous-lock-off|donation --mode continuous --donors 256 --think-ms 0 --lock off --duration-ms $duration_ms"
  "donation-continuous-lock-on|donation --mode continuous --donors 256 --think-ms 0 --lock on --duration-ms $duration_ms"
  "balance|donation --variant balance --iterations 1000000 --rounds 1000 --lock off"
  "philosophers-trylock|philosophers --philosophers 16 --strategy trylock --think-ms 0 --eat-ms 0 --hesitate-ms 0 --duration-ms $duration_ms"
  "philosophers-naive|philosophers --philosophers 16 --strategy naive --think-ms 0 --eat-ms 0 --hesitate-ms 0 --duration-ms $duration_ms"
  "queue|queue --producers 16 --consumers 16 --capacity 64 --items 100000 --produce-ms 0 --consume-ms 0"
  "pool|pool --workers 32 --tasks 1000 --task-ms 10000"
  "pool-thread-per-task|pool --mode thread-per-task --tasks 1000 --task-ms 10000"
  "pool-processes|pool --mode process-pool --workers 32 --tasks 1000 --task-ms 10000"
)

# Running (not yet exited: an exited child stays a zombie until waited for, and kill -0 finds it).
alive() {
  local _pid _comm state
  { read -r _pid _comm state _ <"/proc/$1/stat"; } 2>/dev/null || return 1
  [ "$state" != Z ]
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
now_ms() { date +%s%3N; }

echo "soak: $minutes min per demo, RSS every ${interval}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %10s %10s %10s %12s %10s  %s\n' demo "RSS@1min" "RSS max" "RSS end" "MB/min>1min" "stop ms" note
for entry in "${CONFIGS[@]}"; do
  name=${entry%%|*}
  args=${entry#*|}
  [ -n "$only" ] && [[ $name != *"$only"* ]] && continue
  log=$(mktemp)
  # shellcheck disable=SC2086 # the arguments are words
  "$exe" run $args --json >"$log" 2>&1 &
  pid=$!
  start=$(now_ms)
  at1=""; max=0; last=0; note=""; stop_ms="-"
  samples=() # "seconds rss_kb"
  while alive "$pid"; do
    elapsed=$(( ($(now_ms) - start) / 1000 ))
    r=$(rss_kb "$pid")
    if [ -n "$r" ]; then
      last=$r
      (( r > max )) && max=$r
      samples+=("$elapsed $r")
      [ -z "$at1" ] && (( elapsed >= 60 )) && at1=$r
    fi
    if (( elapsed >= seconds )); then
      t0=$(now_ms)
      kill -INT "$pid" 2>/dev/null || true
      # A run that ignores the interrupt for 10 s is ended (and reported) rather than waited for.
      while alive "$pid" && (( $(now_ms) - t0 < 10000 )); do sleep 0.005; done
      stop_ms=$(( $(now_ms) - t0 ))
      if alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        note="did not stop within 10 s of SIGINT: killed"
        stop_ms=">10000"
      fi
      wait "$pid" 2>/dev/null || true
      break
    fi
    sleep "$interval"
  done
  if [ "$stop_ms" = "-" ]; then
    wait "$pid" 2>/dev/null || true
    note="finished by itself after $(( ($(now_ms) - start) / 1000 )) s"
  fi
  grep -q '"demo"' "$log" || note="$note; no JSON result: $(head -c 200 "$log" | tr '\n' ' ')"
  # Growth after the first minute: least-squares slope of RSS over time (MB per minute).
  slope=$(printf '%s\n' "${samples[@]}" | awk '$1 >= 60 { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
    END { if (n < 2 || n * sxx == sx * sx) print "-"; else printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60 / 1024 }')
  mb() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }' || echo "-"; }
  printf '%-30s %10s %10s %10s %12s %10s  %s\n' "$name" "$(mb "$at1")" "$(mb "$max")" "$(mb "$last")" "$slope" "$stop_ms" "$note"
  if [ -n "${SOAK_TRACE:-}" ]; then printf '  %s\n' "${samples[@]}"; fi
  rm -f "$log"
done
