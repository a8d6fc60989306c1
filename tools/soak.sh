#!/usr/bin/env bash
# Soak test: every demo at its maximum settings, for MINUTES each (default 5). RSS (VmRSS) is
# sampled every SOAK_INTERVAL seconds (default 5); at the end the run is interrupted (SIGINT; the
# window: SIGTERM) and the time until the process has exited is the stop latency (request ->
# threads joined -> result printed or window closed).
#
#   tools/soak.sh [MINUTES]          (./lab soak [MINUTES] builds Release first)
#   THREADLAB=path/to/threadlab SOAK_INTERVAL=2 SOAK_ONLY=donation tools/soak.sh 0.5
#
# SOAK_ONLY=REGEX    only the configurations whose name matches (e.g. donation, or "gil|daemon")
# SOAK_PARALLEL=N    run N configurations at once (rows are printed in order when all are done)
# SOAK_WINDOW=1      run each configuration in the window under Xvfb (xvfb-run) instead of the
#                    command line: threadlab --demo ID --set KEY=VALUE... --start, closed by SIGTERM
# SOAK_TRACE=1       also print every sample: seconds, RSS (KB), load average
#
# A demo that finishes by itself (an exact simulation, a fixed amount of work) is started again
# on the command line until MINUTES are up, and the note says how often; its peak RSS also counts
# runs too short to be sampled (GNU time's maximum resident set). In the window a finished run
# stays on screen, as in class.
#
# Prints a table: demo, RSS at 1 minute, the highest, at the end (MB), the growth after the first
# minute (MB/min), the stop latency (ms) and the load average at the end.
set -euo pipefail
minutes=${1:-5}
exe=${THREADLAB:-build/app/threadlab}
interval=${SOAK_INTERVAL:-5}
only=${SOAK_ONLY:-}
parallel=${SOAK_PARALLEL:-1}
window=${SOAK_WINDOW:-}
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "soak: MINUTES must be a number, not '$minutes'" >&2; exit 2; }
[[ $parallel =~ ^[1-9][0-9]*$ ]] || { echo "soak: SOAK_PARALLEL must be a positive number" >&2; exit 2; }
[ -x "$exe" ] || { echo "soak: no executable at $exe (build first, or set THREADLAB)" >&2; exit 2; }
[ -z "$window" ] || command -v xvfb-run >/dev/null || { echo "soak: SOAK_WINDOW needs xvfb-run (apt install xvfb xauth)" >&2; exit 2; }
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60); print (s < 1 ? 1 : s) }')
duration_ms=3600000 # the longest a run may last (an hour); the soak interrupts it at MINUTES
time_cmd=()
[ -x /usr/bin/time ] && time_cmd=(/usr/bin/time -f %M -o)

# Ten jobs of the longest burst, each blocking for I/O as long as it may: the longest schedule.
sched_jobs=""
for j in A B C D E F G H I J; do sched_jobs+="${sched_jobs:+,}$j:0:99:io=99@1"; done

# name | loop (restart when it ends by itself) or once | threadlab run arguments
# (the maximum settings: most threads, no think time, longest runs, the most events)
CONFIGS=(
  "donation-continuous-lock-off|once|donation --mode continuous --donors 256 --think-ms 0 --lock off --duration-ms $duration_ms"
  "donation-continuous-lock-on|once|donation --mode continuous --donors 256 --think-ms 0 --lock on --duration-ms $duration_ms"
  "balance|once|donation --variant balance --iterations 1000000 --rounds 1000 --lock off"
  "philosophers-trylock|once|philosophers --philosophers 16 --strategy trylock --think-ms 0 --eat-ms 0 --hesitate-ms 0 --duration-ms 0"
  "philosophers-naive|once|philosophers --philosophers 16 --strategy naive --think-ms 0 --eat-ms 0 --hesitate-ms 0 --duration-ms 0"
  "queue|loop|queue --producers 16 --consumers 16 --capacity 64 --items 100000 --produce-ms 0 --consume-ms 0"
  "pool|loop|pool --workers 32 --tasks 1000 --task-ms 10000"
  "pool-thread-per-task|loop|pool --mode thread-per-task --tasks 1000 --task-ms 10000"
  "pool-processes|loop|pool --mode process-pool --workers 32 --tasks 1000 --task-ms 10000"
  "gil-cpu|loop|gil --threads 8 --work cpu --gil on --switch-us 100 --work-ms 2000"
  "gil-balance|loop|gil --threads 8 --work balance --gil on --switch-us 100 --iterations 1000000 --check every-bytecode"
  "eventloop|loop|eventloop --variant tasks --tasks 10 --steps 10 --step-ms 5000 --style sequential --blocking on --blocking-task 10 --blocking-ms 10000"
  "scheduler-mlfq|loop|scheduler --algorithm mlfq --quantum 1 --boost 1 --cpus 1 --unit-ms 20 --jobs $sched_jobs"
  "processes-ipc|loop|processes --mode processes-ipc --workers 8 --per-worker 10000000 --count-ms 10000"
  "daemon|loop|daemon --daemons 4 --workers 4 --main-ms 5000 --daemon-ms 10000 --worker-ms 10000 --step-ms 10"
)

# Running (not yet exited: an exited child stays a zombie until waited for, and kill -0 finds it).
alive() {
  local _pid _comm state
  { read -r _pid _comm state _ <"/proc/$1/stat"; } 2>/dev/null || return 1
  [ "$state" != Z ]
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
now_ms() { date +%s%3N; }
load1() { cut -d' ' -f1 /proc/loadavg; }
mb() { if [ -n "$1" ]; then awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; else echo "-"; fi; }
# The threadlab process under a wrapper (GNU time, xvfb-run): the first descendant running $exe.
find_exe() { # WRAPPER_PID
  local want queue=("$1") p c
  want=$(basename "$exe" | cut -c1-15)
  while [ ${#queue[@]} -gt 0 ]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$want" ] && { echo "$p"; return 0; }
    # shellcheck disable=SC2013 # the children files hold space-separated numbers
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do queue+=("$c"); done
  done
  return 1
}

# Window mode: "donation --mode continuous --lock on" -> --demo donation --set mode=continuous ...
# (--duration-ms is the command line's: the window runs until stopped).
window_args() {
  local -a words out
  read -r -a words <<<"$1"
  out=(--demo "${words[0]}")
  local i=1
  while [ $i -lt ${#words[@]} ]; do
    local key=${words[$i]#--} value=${words[$((i + 1))]}
    [ "$key" != duration-ms ] && out+=(--set "$key=$value")
    i=$((i + 2))
  done
  printf '%s\n' "${out[@]}"
}

# One configuration: prints its row (and with SOAK_TRACE its samples).
soak_one() { # INDEX NAME LOOP ARGS
  local index=$1 name=$2 loop=$3 args=$4
  local log peak wrap pid="" start at1="" max=0 last="" note="" stop_ms="-" runs=0 elapsed r t0
  local -a samples=() cmd
  log=$(mktemp); peak=$(mktemp)
  if [ -n "$window" ]; then
    mapfile -t cmd < <(window_args "$args")
    cmd=(xvfb-run -a -n $((120 + index)) -s '-screen 0 1600x1000x24' "$exe" --size 1280x720 "${cmd[@]}" --start)
    loop=once # the window shows a finished run until stopped
  else
    # shellcheck disable=SC2206 # the arguments are words
    cmd=("$exe" run $args --json)
  fi
  start=$(now_ms)
  launch() {
    runs=$((runs + 1))
    if [ -z "$window" ] && [ ${#time_cmd[@]} -gt 0 ]; then "${time_cmd[@]}" "$peak.$runs" "${cmd[@]}" >"$log" 2>&1 &
    else "${cmd[@]}" >"$log" 2>&1 & fi
    wrap=$!
    pid=""
  }
  launch
  while :; do
    # The wrapper (GNU time, xvfb-run) starts threadlab a moment later.
    [ -z "$pid" ] && alive "$wrap" && { pid=$(find_exe "$wrap") || pid=""; }
    if ! alive "$wrap"; then
      wait "$wrap" 2>/dev/null || true
      if [ "$loop" = loop ] && (( $(now_ms) - start < seconds * 1000 )); then launch; sleep "$interval"; continue; fi
      (( runs == 1 )) && note="finished by itself after $(( ($(now_ms) - start) / 1000 )) s"
      break
    fi
    elapsed=$(( ($(now_ms) - start) / 1000 ))
    r=""; [ -n "$pid" ] && r=$(rss_kb "$pid")
    if [ -n "$r" ]; then
      last=$r
      (( r > max )) && max=$r
      samples+=("$elapsed $r $(load1)")
      [ -z "$at1" ] && (( elapsed >= 60 )) && at1=$r
    fi
    if (( elapsed >= seconds )); then
      [ -z "$pid" ] && pid=$(find_exe "$wrap" || true)
      t0=$(now_ms)
      kill "-$([ -n "$window" ] && echo TERM || echo INT)" "${pid:-$wrap}" 2>/dev/null || true
      # A run that ignores the request for 10 s is ended (and reported) rather than waited for.
      while alive "$wrap" && (( $(now_ms) - t0 < 10000 )); do sleep 0.005; done
      stop_ms=$(( $(now_ms) - t0 ))
      if alive "$wrap"; then
        kill -KILL "${pid:-$wrap}" 2>/dev/null || true
        note="did not stop within 10 s: killed"
        stop_ms=">10000"
      fi
      wait "$wrap" 2>/dev/null || true
      break
    fi
    sleep "$interval"
  done
  (( runs > 1 )) && note="${note:+$note; }ran $runs times (each ends by itself; the stop is the last one's)"
  # GNU time's peak of every run (a run shorter than the interval is never sampled).
  local p
  for p in "$peak".*; do
    [ -s "$p" ] || continue
    r=$(tail -n 1 "$p")
    [[ $r =~ ^[0-9]+$ ]] && (( r > max )) && max=$r
  done
  if [ -z "$window" ]; then
    grep -q '"demo"' "$log" || note="${note:+$note; }no JSON result: $(head -c 200 "$log" | tr '\n' ' ')"
  elif [ "$stop_ms" != "-" ]; then
    # The window says how long the demo's stop took; the rest of stop ms is its own teardown.
    local joined
    joined=$(sed -n 's/.*the demo stopped (every thread joined) in \([0-9]*\) ms.*/\1/p' "$log" | tail -n 1)
    if [ -n "$joined" ]; then note="${note:+$note; }the demo stopped in $joined ms, then the window closed"
    else note="${note:+$note; }no stop line from the window: $(tail -c 200 "$log" | tr '\n' ' ')"; fi
  fi
  # Growth after the first minute: least-squares slope of RSS over time (MB per minute).
  local slope
  slope=$(printf '%s\n' "${samples[@]}" | awk 'NF >= 2 && $1 >= 60 { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
    END { if (n < 2 || n * sxx == sx * sx) print "-"; else printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60 / 1024 }')
  (( max == 0 )) && max=""
  printf '%-30s %9s %9s %9s %12s %9s %6s  %s\n' "$name" "$(mb "$at1")" "$(mb "$max")" "$(mb "$last")" "$slope" "$stop_ms" "$(load1)" "$note"
  if [ -n "${SOAK_TRACE:-}" ]; then printf '  %s\n' "${samples[@]}"; fi
  rm -f "$log" "$peak" "$peak".*
}

echo "soak: $minutes min per demo$([ -n "$window" ] && echo ", in the window (Xvfb)"), RSS every ${interval}s," \
  "$parallel at once, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %9s %9s %9s %12s %9s %6s  %s\n' demo "RSS@1min" "RSS max" "RSS end" "MB/min>1min" "stop ms" load note
outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT
index=0
selected=()
for entry in "${CONFIGS[@]}"; do
  IFS='|' read -r name loop args <<<"$entry"
  [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
  index=$((index + 1))
  selected+=("$index")
  if (( parallel == 1 )); then
    soak_one "$index" "$name" "$loop" "$args"
  else
    while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
    soak_one "$index" "$name" "$loop" "$args" >"$outdir/$index" &
  fi
done
if (( parallel > 1 )); then
  wait
  for i in "${selected[@]}"; do cat "$outdir/$i"; done
fi
