# scripts/gpu-check, phases 4-6 and 9: the backend's tests, the seed-42 comparison, stop and
# resume, and the sweep. Sourced by scripts/gpu-check (its phase_begin, step, figure, phase_end).

# The tests that prove the backend: bit identity, portable math, the RNG and the daily draws,
# choice, the engine, queues, state save and restore, the world, scale and interventions. The long
# validation tests (Erlang, Bass, Little, step length, scale invariance) and the program tests
# (checkpoint files, sweeps, SLURM, Python readers) run on the CPU build, in CI.
backend_tests='^(BackendBits|PortableMath|Rng|DailyDraws|Choice|Engine|Queue|State|World|Scale|Interventions)\.'

phase_backend_tests() {
  phase_begin "backend tests" 10 || return
  if ((!cuda_tests_ok)); then phase_skip "no CUDA test build"; return; fi
  if ((list_tests_only)); then  # --dry: that the selection names tests, without running them
    local selected
    selected=$("$cuda_dir/tests/civicsim_tests" --gtest_list_tests |
               awk '/^[^ ]/ { suite = $1 } /^  / { print suite $1 }' | grep -Ec "$backend_tests")
    figure "$selected tests selected (listed only: --dry)"
    ((selected > 0)) || phase_fail "FAIL(no test selected)"
    phase_end
    return
  fi
  local before
  before=$(wc -l <"$out/test.log")
  step "$out/test.log" ctest --test-dir "$cuda_dir" -R "$backend_tests" -j 8 --output-on-failure
  local tally
  tally="$(tail -n +$((before + 1)) "$out/test.log" | grep -Eo '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' | tail -1)"
  if [[ -z "$tally" ]]; then  # cut off at the cap: what ended before it
    tally="cut off: $(tail -n +$((before + 1)) "$out/test.log" | grep -c ' Passed ') passed, $(tail -n +$((before + 1)) "$out/test.log" | grep -Ec '\*\*\*Failed|\*\*\*Exception|\*\*\*Timeout') failed so far"
  fi
  figure "$tally"
  phase_end
}

# compare_groups A.h5 B.h5 GROUP...: h5diff without tolerance. Exit 0 identical; 1 a group differs
# (listed); 2 h5diff could not compare (a missing group or file: an error, not a difference).
compare_groups() {
  local a="$1" b="$2" group rc=0 r
  shift 2
  for group in "$@"; do
    "$h5diff" -q "$a" "$b" "$group" "$group"
    r=$?
    if ((r == 1)); then
      echo "$group differs:"
      "$h5diff" -r -n 50 "$a" "$b" "$group" "$group" | head -n 200
      ((rc == 0)) && rc=1
    elif ((r != 0)); then
      echo "$group: h5diff could not compare (exit $r)"
      rc=2
    fi
  done
  return $rc
}

# compared RC: the phase's status and figure for compare_groups' exit status.
compared() {
  case "$1" in
    0) return 0 ;;
    1) phase_status="FAIL (differs)"; figure "differs: $(grep -o '^/[a-z/_]* differs' "$out/compare.log" | tr '\n' ' ')" ;;
    *) phase_status="ERROR (h5diff failed)"; figure "$(grep -o '^/[a-z/_]*: h5diff could not compare.*' "$out/compare.log" | head -1)" ;;
  esac
  return 1
}

gpu_ran=0
gpu_side_args=()  # --dry: the CPU build on the GPU's side runs on one thread, against many
phase_seed42() {
  phase_begin "seed 42" 10 || return
  rm -f "$out/gpu.h5" "$out/cpu.h5"
  if ((!cuda_ok)); then phase_skip "no CUDA build"; return; fi
  step "$out/run.log" "$cuda_dir/civicsim" run --seed 42 -o "$out/gpu.h5" --force -q "${gpu_side_args[@]}" && gpu_ran=1
  if ((gpu_ran && cpu_ok)); then
    local n=$threads
    (($(nproc) < n)) && n=$(nproc)
    if step "$out/run.log" "$cpu_dir/civicsim" run --seed 42 -o "$out/cpu.h5" --force -q --threads "$n"; then
      step "$out/compare.log" compare_groups "$out/gpu.h5" "$out/cpu.h5" /series /daily /summary
      compared $? && figure "GPU = CPU ($n threads), bit for bit: /series /daily /summary"
    fi
  elif ((gpu_ran)); then
    figure "GPU run only (no cpu build)"
  fi
  # $OUT comes back only when small: a large result file goes beside the build.
  local f
  for f in "$out/gpu.h5" "$out/cpu.h5"; do
    if [[ -f "$f" ]] && (($(stat -c %s "$f") > 15 * 1048576)); then mv -f "$f" "$work/"; fi
  done
  phase_end
}

# A GPU run stopped by SIGTERM after its first checkpoint and resumed there (issue 7): the same
# output as the uninterrupted GPU run, bit for bit.
stop_and_resume() {  # stop_and_resume REFERENCE.h5 OUT.h5
  local reference="$1" file="$2" i
  rm -f "$file" "$file.ckpt" "$file.ckpt.records"
  "$cuda_dir/civicsim" run --seed 42 -o "$file" --checkpoint-every 7 -q &
  local pid=$!
  for i in $(seq 3000); do [[ -f "$file.ckpt" ]] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  echo "stopped: exit $rc (75 expected)"
  ((rc == 75)) || return 1
  "$cuda_dir/civicsim" run --seed 42 -o "$file" --resume -q || return 1
  compare_groups "$reference" "$file" /series /daily /summary /interventions
}

phase_stop_and_resume() {
  phase_begin "stop and resume" 10 || return
  local reference="$out/gpu.h5"
  [[ -f "$reference" ]] || reference="$work/gpu.h5"
  if ((!gpu_ran)); then phase_skip "no GPU run to compare with"; return; fi
  if step "$out/resume.log" stop_and_resume "$reference" "$work/resumed-gpu.h5"; then
    figure "stopped by SIGTERM (exit 75), resumed: the same output, bit for bit"
  fi
  phase_end
}

sweep_table() {  # sweep_table BUILD_DIR DIR: tests/data/sweep_small.yaml with 2 runs at a time
  rm -rf "$2"
  "$1/civicsim" sweep tests/data/sweep_small.yaml -o "$2" --jobs 2 -q
}

compare_sweeps() {
  local run rc=0
  compare_groups "$work/sweep-gpu/sweep.h5" "$work/sweep-cpu/sweep.h5" /table/values /table/status || rc=1
  for run in "$work"/sweep-cpu/runs/*.h5; do
    compare_groups "$work/sweep-gpu/runs/$(basename "$run")" "$run" /series || rc=1
  done
  return $rc
}

phase_sweep() {
  phase_begin sweep 10 || return
  if ((!cuda_ok || !cpu_ok)); then phase_skip "needs both builds"; return; fi
  step "$out/sweep.log" sweep_table "$cuda_dir" "$work/sweep-gpu" &&
    step "$out/sweep.log" sweep_table "$cpu_dir" "$work/sweep-cpu" &&
    step "$out/sweep.log" compare_sweeps &&
    figure "$(find "$work/sweep-cpu/runs" -name '*.h5' | wc -l) runs and the table: GPU = CPU, bit for bit"
  phase_end
}
