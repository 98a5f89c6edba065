# scripts/gpu-check, phases 7, 8 and 10: bandwidth, per-step overhead and the daily pass; the
# megacity and national runs, cut off in time. Sourced by scripts/gpu-check.
#
# Ring-city scenarios made from scenarios/default.yaml (its demand, channels and opening hours, no
# interventions, population.scale 1, staff scaled with the agents so that each server carries the
# default scenario's load, as scripts/bench does). Each run is planned first (`civicsim plan`: a run
# that would not fit is skipped). Results: $OUT/bench.json and $OUT/bench.txt; the output files stay
# in <build>/gpu-check/bench/ and are deleted after each run.
bench_dir="$work/bench"
bench_rows=()  # one table row each
bench_json=()  # one JSON object per run
copy_gbps=""   # the device's copy bandwidth, GB/s (read + write): measured, else from the card
copy_source=""

json_value() {  # json_value FILE KEY: a number from the one-key-a-line JSON that civicsim writes
  sed -n "s/^ *\"$2\": \([^,]*\),\{0,1\}$/\1/p" "$1" | head -n 1
}

# bench_scenario NAME AGENTS DAYS CORE SUBURBAN RURAL REPORT_MINUTES DEMAND(1|0) > FILE
bench_scenario() {
  local name="$1" agents="$2" days="$3" core="$4" sub="$5" rural="$6" report="$7" demand="$8"
  local pop f fc zero=()
  ((demand)) || zero=(-e 's/rate_per_year: \{adult: [0-9.]+, elderly: [0-9.]+\}/rate_per_year: {adult: 0, elderly: 0}/')
  pop=$(awk -v a="$agents" 'BEGIN { printf "%.0f", a / 0.8613 }')      # population.share_15_plus
  # Staff carry the default scenario's load: its 399,642 agents are served by its staff x 0.1, the
  # hotline city-wide and the counter staff in 34 halls (centres: urban 1, suburban 2, rural 3).
  f=$(awk -v a="$agents" 'BEGIN { printf "%.9g", a / 399642 * 0.1 }')
  fc=$(awk -v a="$agents" -v h=$((core + 2 * sub + 3 * rural)) 'BEGIN { printf "%.9g", a / h / (399642 / 34) * 0.1 }')
  sed -E \
    -e "s/^name: .*/name: $name/" \
    -e "s/time: \{days: [0-9]+/time: {days: $days/" \
    -e "s/report_minutes: [0-9]+/report_minutes: $report/" \
    -e "s/population: \{scale: [0-9.]+\}/population: {scale: 1}/" \
    -e "s/ring_city: \{population: [0-9]+, core_districts: [0-9]+, suburban_districts: [0-9]+, rural_districts: [0-9]+\}/ring_city: {population: $pop, core_districts: $core, suburban_districts: $sub, rural_districts: $rural}/" \
    -e "s/counter_staff_per_centre: \{urban: ([0-9]+), suburban: ([0-9]+), rural: ([0-9]+)\}/counter_staff_per_centre: {urban: \1 * C, suburban: \2 * C, rural: \3 * C}/" \
    -e "s/^  hotline_operators: ([0-9]+)/  hotline_operators: \1 * F/" \
    -e '/^interventions:/,/^output:/{/^output:/!d}' \
    -e "s|^output: .*|output: {path: $name.h5}|" "${zero[@]}" \
    "$repo_root/scenarios/default.yaml" |
    awk -v f="$f" -v c="$fc" '{ while (match($0, /[0-9]+ \* [FC]/)) {
                                  n = substr($0, RSTART, RLENGTH - 4) * (substr($0, RSTART + RLENGTH - 1, 1) == "F" ? f : c)
                                  $0 = substr($0, 1, RSTART - 1) sprintf("%.3f", n) substr($0, RSTART + RLENGTH) }
                                print }'
}

# cut_run SECONDS COMMAND...: runs COMMAND and kills it after SECONDS; being cut off is not a
# failure. (--foreground: timeout stays in the step's process group, so a stop from outside reaches
# it; the run has no children of its own to miss. A KILL, not a TERM: a run stopped by a signal
# would first write a checkpoint.)
cut_run() {
  local limit="$1" rc start=$SECONDS
  shift
  CIVICSIM_PROGRESS_SECONDS=2 timeout --foreground -s KILL "$limit" "$@"  # a progress line every 2 s
  rc=$?
  if ((rc == 137 && SECONDS - start >= limit - 1)); then
    echo "(cut off after $limit s, as planned)"
    return 0
  fi
  return $rc
}

# bench_run NAME CUT AGENTS DAYS CORE SUBURBAN RURAL REPORT DEMAND: plans the run, then runs it with
# --timings, killed after CUT seconds (or at the phase's cap, whichever is first); its rate then
# comes from its progress lines. Returns 1 when it was skipped or failed.
bench_run() {
  local name="$1" cut="$2" agents="$3" days="$4"
  local yaml="$bench_dir/$name.yaml" timings="$bench_dir/$name.timings.json" plan="$bench_dir/$name.plan.json"
  local log="$out/bench-$name.log" rc status=ok
  bench_agents[$name]="$agents"
  mkdir -p "$bench_dir"
  bench_scenario "$name" "$agents" "$days" "$5" "$6" "$7" "$8" "$9" >"$yaml"
  rm -f "$timings" "$plan"
  : >"$log"
  timeout 30 "$bench_bin" plan "$yaml" --json -o "$bench_dir/$name.h5" >"$plan" 2>>"$log"
  rc=$?
  if ((rc == 75)); then
    figure "$name: does not fit ($(sed -n 's/^ *//p' "$log" | grep -m1 'needs about'))"
    bench_add "$name" "skipped (does not fit)" "$agents" "$days" "$plan" ""
    return 1
  elif ((rc != 0)); then
    phase_fail "FAIL(plan $rc)"
    bench_add "$name" "plan failed ($rc)" "$agents" "$days" "" ""
    return 1
  fi
  local limit=$(($(left) - 2))
  ((cut > 0 && cut < limit)) && limit=$cut
  if ((limit < 3)); then
    figure "$name: no time left"
    bench_add "$name" "skipped (no time left)" "$agents" "$days" "$plan" ""
    return 1
  fi
  step "$log" cut_run "$limit" "$bench_bin" run "$yaml" -o "$bench_dir/$name.h5" --force --timings "$timings" ||
    status="FAIL"
  rm -f "$bench_dir/$name.h5" "$bench_dir/$name.h5.ckpt" "$bench_dir/$name.h5.ckpt.records" "$bench_dir"/.$name.h5.*
  [[ $status == ok && ! -s "$timings" ]] && status="cut off at $limit s"
  bench_add "$name" "$status" "$agents" "$days" "$plan" "$([[ -s $timings ]] && echo "$timings")"
  [[ $status != FAIL ]]
}

# The last progress line of a run: "day D/N (P%)  R days/s".
last_progress() { grep -o 'day [0-9]*/[0-9]* ([0-9]*%)  [0-9.e+-]* days/s' "$out/bench-$1.log" 2>/dev/null | tail -n 1; }

# bench_add NAME STATUS AGENTS DAYS PLAN_FILE TIMINGS_FILE: one JSON object for bench.json.
bench_add() {
  local plan_json=null timings_json=null
  [[ -s "$5" ]] && plan_json="$(cat "$5")"
  [[ -n "$6" && -s "$6" ]] && timings_json="$(cat "$6")"
  bench_json+=("{\"name\": \"$1\", \"status\": \"$2\", \"agents\": $3, \"days\": $4, \"last_progress\": \"$(last_progress "$1")\", \"plan\": $plan_json, \"timings\": $timings_json}")
}

# bench_figure NAME FIGURE UNIT TARGET_OP TARGET AWK_EXPR: a row from a run's timings, also shown
# in the phase's line. An expression that uses `rate` (days/s from the run's last progress line)
# needs only that; any other needs the timings of a run that finished.
bench_figure() {
  local name="$1" what="$2" unit="$3" op="$4" target="$5" expr="$6" t="$bench_dir/$1.timings.json"
  local value="-" result="-" rate=""
  rate="$(last_progress "$name" | sed -n 's/.*  \([0-9.e+-]*\) days\/s/\1/p')"
  local usable=0
  if [[ "$expr" == *rate* ]]; then [[ -n "$rate" ]] && usable=1; else [[ -s "$t" ]] && usable=1; fi
  if ((usable)); then
    value=$(awk -v wall="$(json_value "$t" wall_s 2>/dev/null)" -v windows_s="$(json_value "$t" windows_s 2>/dev/null)" \
                -v windows="$(json_value "$t" windows 2>/dev/null)" -v daily="$(json_value "$t" daily_pass_s 2>/dev/null)" \
                -v days="$(json_value "$t" days 2>/dev/null)" -v agents="${bench_agents[$name]:-0}" -v rate="${rate:-0}" \
                -v bytes="$(json_value "$t" daily_pass_bytes_per_citizen 2>/dev/null)" -v copy="${copy_gbps:-0}" \
                "BEGIN { v = sprintf(\"%.4g\", $expr); print (v ~ /nan|inf/) ? \"-\" : v }" 2>/dev/null) || value="-"
    [[ -n "$value" ]] || value="-"
    if [[ -n "$op" && "$value" != "-" ]]; then
      result=$(awk -v v="$value" -v t="$target" "BEGIN { print (v $op t) ? \"pass\" : \"MISS\" }")
    fi
  fi
  bench_rows+=("$(printf '%-14s %-36s %12s %-16s %-12s %s' "$name" "$what" "$value" "$unit" "${op:+$op $target}" "$result")")
  figure "$what $value $unit${op:+ ($result)}"
}

declare -A bench_agents  # NAME -> agents of its last run

copy_json() { "$copy_bin" --mib "$1" --repeat 10 | tee "$work/device_copy.json"; }

measure_copy() {
  local json="$work/device_copy.json" mib=1024
  ((bench_scale > 1)) && mib=16
  rm -f "$json"
  if step "$out/bench-bandwidth.log" copy_json "$mib" && [[ -s "$json" ]]; then
    copy_gbps="$(grep -o '"copy_gb_per_s": [0-9.]*' "$json" | grep -o '[0-9.]*$')"
    copy_source="measured by device_copy ($mib MiB arrays)"
    figure "copy $copy_gbps GB/s, triad $(grep -o '"triad_gb_per_s": [0-9.]*' "$json" | grep -o '[0-9.]*$') GB/s (measured)"
    return
  fi
  # No measurement: the figure for the card (issue 14: an H100 copies at about 3,000 GB/s, an H200 at 4,300).
  case "$card" in
    *H200*) copy_gbps=4300 ;;
    *H100*) copy_gbps=3000 ;;
    *) copy_gbps="${CIVICSIM_GPU_COPY_GBPS:-}" ;;
  esac
  copy_source="not measured; ${copy_gbps:+$copy_gbps GB/s for }${card:-an unknown card}"
  figure "copy: $copy_source"
}

phase_bandwidth() {
  phase_begin bandwidth 10 || return
  if ((!cuda_ok)); then phase_skip "no CUDA build"; return; fi
  measure_copy
  local step_days=7 daily_days=10 small=10000
  ((bench_scale > 1)) && step_days=2 daily_days=2 small=1000
  # name cut agents days core suburban rural report demand
  bench_run step-overhead 0 "$small" "$step_days" 4 6 6 60 1
  bench_figure step-overhead "seconds per window (upper bound)" "us" "<=" 20 "windows_s / windows * 1e6"
  bench_run daily-pass 0 $((100000000 / bench_scale)) "$daily_days" 4 6 6 60 0
  bench_figure daily-pass "daily pass effective bandwidth" "GB/s" "" "" "agents * days * bytes / daily / 1e9"
  bench_figure daily-pass "daily pass / device copy" "x" ">=" 0.5 "agents * days * bytes / daily / 1e9 / copy"
  phase_end
}

phase_megacity() {
  phase_begin megacity 20 || return
  if ((!cuda_ok)); then phase_skip "no CUDA build"; return; fi
  local cut=$(($(left) - 8)) days=365
  ((cut > 30)) && cut=30
  ((bench_scale > 1)) && days=3
  bench_run megacity "$cut" $((20000000 / bench_scale)) "$days" 4 6 6 60 1
  bench_figure megacity "citizen-days/s (from its progress)" "citizen-days/s" "" "" "agents * rate"
  local progress
  progress="$(last_progress megacity)"
  figure "${progress:-no day ended within the $cut s cut}"
  phase_end
}

phase_national() {
  phase_begin national 30 || return
  if ((!cuda_ok)); then phase_skip "no CUDA build"; return; fi
  local cut=$(($(left) - 10)) days=30
  ((bench_scale > 1)) && days=2
  bench_run national "$cut" $((1410000000 / bench_scale)) "$days" 800 1000 1000 1440 1
  bench_figure national "citizen-days/s (from its progress)" "citizen-days/s" ">=" 1e10 "agents * rate"
  local progress
  progress="$(last_progress national)"
  figure "${progress:-no day ended within the $cut s cut}"
  phase_end
}

bench_report() {
  ((${#bench_rows[@]})) || return 0
  {
    echo
    echo "==================== civicsim GPU benchmarks ($bench_bin) ===================="
    printf '%-14s %-36s %12s %-16s %-12s %s\n' run figure value unit target result
    printf '%s\n' "${bench_rows[@]}"
    echo "(device copy bandwidth for the ratio: ${copy_gbps:-unknown} GB/s, $copy_source; card: ${card:-none}; runs: $out/bench.json)"
  } | tee "$out/bench.txt"
  local IFS=,
  printf '{"format": "civicsim-gpu-bench/2", "binary": "%s", "dry": %s, "card": "%s", "copy_gb_per_s": %s, "copy_source": "%s", "runs": [%s]}\n' \
    "$bench_bin" "$( ((bench_scale > 1)) && echo true || echo false)" "$card" "${copy_gbps:-null}" "$copy_source" \
    "${bench_json[*]}" >"$out/bench.json"
}
