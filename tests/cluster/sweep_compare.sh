# shellcheck shell=bash disable=SC2154 # work: set by the caller
# Comparison of sweep output folders with a reference folder, bit for bit; sourced by the tests in
# tests/cluster. The caller defines `fail MESSAGE` (counts a problem and goes on) and `$work` (a
# scratch folder).
#
#   sweep_reference A      reads the reference: its runs, their groups; its manifest must say done
#   compare_sweep A B      B has the same runs, each group of each run and sweep.h5's table equal
#
# Root attributes (started_utc, wall_seconds, threads) differ by nature, so groups are compared, not
# the root.

run_list() { (cd "$1/runs" 2>/dev/null && find . -maxdepth 1 -name '*.h5' -printf '%f\n' | sort); }

# h5diff with no tolerance (-c: list objects it cannot compare). h5diff 1.10 exits 0 when objects
# differ in shape ("Not comparable"), so such lines fail too, except for two empty datasets, which
# are equal. FILE1 FILE2 OBJECT; the report goes to $work/h5diff.out.
same_h5() {
  local rc=0
  h5diff -c "$1" "$2" "$3" "$3" >"$work/h5diff.out" 2>&1 || rc=$?
  ((rc == 0)) || return 1
  ! grep '^Not comparable' "$work/h5diff.out" | grep -qv 'is an empty dataset$'
}
# The value of a root attribute, as h5dump writes it ("complete", 8).
attribute() { h5dump -a "/$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p'; }
# Names, kinds and shapes of everything in a file.
layout() { h5ls -r "$1"; }

check_manifest() { # DIR: one row per run of the reference, each done
  local dir=$1 rows
  [[ -f "$dir/manifest.csv" ]] || { fail "$dir/manifest.csv missing"; return; }
  rows=$(tail -n +2 "$dir/manifest.csv")
  [[ "$(grep -c . <<<"$rows")" == "$run_count" ]] ||
    fail "$dir/manifest.csv has $(grep -c . <<<"$rows") rows, not $run_count"
  awk -F, -v d="$dir" 'NR > 1 && $8 != "done" {print "FAIL: " d "/manifest.csv: " $1 " is " $8 " (" $12 ")"; bad = 1}
    END {exit bad}' "$dir/manifest.csv" || fail "$dir/manifest.csv: not every run done"
  [[ "$(tail -n +2 "$dir/manifest.csv" | cut -d, -f1 | sort)" == "${expected_runs//.h5/}" ]] ||
    fail "$dir/manifest.csv lists other runs than $reference/runs"
}

sweep_reference() {
  reference=$1
  expected_runs=$(run_list "$reference")
  run_count=$(grep -c . <<<"$expected_runs" || true)
  ((run_count > 0)) || fail "$reference has no runs"
  # Every top-level group of a run file: at least the four that issue 6 names.
  groups=$(h5ls "$reference/runs/$(head -n 1 <<<"$expected_runs")" | awk '$2 == "Group" {print "/" $1}')
  local g
  for g in /series /daily /summary /interventions; do
    grep -qxF "$g" <<<"$groups" || fail "$reference's runs have no $g"
  done
  check_manifest "$reference"
}

compare_sweep() {
  local ref=$1 dir=$2 differing=0 run g obj
  [[ -d "$dir" ]] || { fail "$dir was not written"; return; }
  check_manifest "$dir"
  [[ "$(run_list "$dir")" == "$expected_runs" ]] ||
    fail "$dir/runs differs from $ref/runs: $(run_list "$dir" | tr '\n' ' ')"
  while read -r run; do
    [[ -f "$dir/runs/$run" ]] || continue
    if [[ "$(layout "$ref/runs/$run")" != "$(layout "$dir/runs/$run")" ]]; then
      fail "$dir/runs/$run has other objects or shapes than $ref's"
      diff <(layout "$ref/runs/$run") <(layout "$dir/runs/$run") | head -n 10
    fi
    for g in $groups; do
      if ! same_h5 "$ref/runs/$run" "$dir/runs/$run" "$g"; then
        ((differing++ < 3)) && { echo "---- h5diff $ref/runs/$run $dir/runs/$run $g"; head -n 15 "$work/h5diff.out"; }
        fail "$dir/runs/$run $g differs from $ref's"
      fi
    done
  done <<<"$expected_runs"
  if [[ -f "$dir/sweep.h5" ]]; then
    for obj in /table/values /table/status /table/run_id /table/seed /table/arm /table/grid_point \
      /table/replicate /table/figure /table/units /arms /grid /scenario; do
      if ! same_h5 "$ref/sweep.h5" "$dir/sweep.h5" "$obj"; then
        echo "---- h5diff $ref/sweep.h5 $dir/sweep.h5 $obj"
        head -n 15 "$work/h5diff.out"
        fail "$dir/sweep.h5 $obj differs from $ref's"
      fi
    done
    # The sweep's description and counts (not created_utc): the same, and "complete".
    for attr in scenario_name runs replicates arms grid_points baseline_arm done_runs failed_runs \
      missing_runs status; do
      [[ "$(attribute "$ref/sweep.h5" "$attr")" == "$(attribute "$dir/sweep.h5" "$attr")" ]] ||
        fail "$dir/sweep.h5 attribute $attr: '$(attribute "$dir/sweep.h5" "$attr")', not '$(attribute "$ref/sweep.h5" "$attr")' as in $ref"
    done
    [[ "$(attribute "$dir/sweep.h5" status)" == '"complete"' ]] || fail "$dir/sweep.h5 is not complete"
  else
    fail "$dir/sweep.h5 missing"
  fi
}
