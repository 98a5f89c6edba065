#!/usr/bin/env bash
# scripts/gpu-check without a GPU: --plan keeps every phase under its cap and the whole call under
# 9 minutes, refuses caps that overrun the budget; --dry runs phases 4-10 with the CPU build
# standing in for both builds (benchmarks at toy sizes): every phase passes, the comparisons find
# the outputs identical, and bench.json has every run measured.
#   gpu_check_test.sh BUILD_DIR
set -uo pipefail
build="$1"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

plan="$("$repo/scripts/gpu-check" --plan)" || fail "--plan exited $?: $plan"
echo "$plan"
total="$(sed -n 's/^the whole call: at most \([0-9]*\) s.*every phase capped$/\1/p' <<<"$plan")"
[[ -n "$total" ]] || fail "--plan does not state the whole call's limit"
((total <= 540)) || fail "the whole call may take $total s, over 9 minutes"
caps="$(awk '$1 ~ /^[0-9]+$/ && NF >= 4 { for (i = 2; i <= NF; ++i) if ($i ~ /^([0-9]+|rest)$/) { print $i; break } }' <<<"$plan")"
(($(wc -l <<<"$caps") == 10)) || fail "expected 10 phases with a cap, got: $caps"
sum=0
while read -r c; do [[ "$c" == rest ]] || sum=$((sum + c)); done <<<"$caps"
((sum < total)) || fail "the caps ($sum s) reach the budget ($total s)"
if out="$(CIVICSIM_GPU_BUDGET=200 "$repo/scripts/gpu-check" --plan 2>&1)"; then
  fail "--plan accepted caps over a 200 s budget"
fi
grep -q "do not fit the budget" <<<"$out" || fail "no reason given: $out"
"$repo/scripts/gpu-check" --no-such-option >/dev/null 2>&1
(($? == 64)) || fail "an unknown option is not a usage error (64)"

OUT="$tmp/out" CIVICSIM_GPU_BUILD_ROOT="$tmp/build" CIVICSIM_BENCH_BINARY="$build/civicsim" \
  "$repo/scripts/gpu-check" --dry >"$tmp/dry.log" 2>&1 || { cat "$tmp/dry.log"; fail "--dry failed"; }
cat "$tmp/out/summary.txt"
for phase in "backend tests" "seed 42" "stop and resume" bandwidth megacity sweep national; do
  grep -q "^$phase  *ok " "$tmp/out/summary.txt" || fail "phase '$phase' did not pass"
done
grep -q "bit for bit: /series /daily /summary" "$tmp/out/summary.txt" || fail "seed 42 compared nothing"
grep -q "runs and the table: GPU = CPU, bit for bit" "$tmp/out/summary.txt" || fail "the sweeps were not compared"
json="$tmp/out/bench.json"
[[ -s "$json" ]] || fail "no bench.json"
for run in step-overhead daily-pass megacity national; do
  grep -q "\"name\": \"$run\", \"status\": \"ok\"" "$json" || fail "$run did not run: $(cat "$json")"
done
grep -q '"copy_source": "measured by device_copy' "$json" || fail "the copy bandwidth was not measured"
grep -q "RESULT: PASS" "$tmp/out/summary.txt" || fail "summary: $(cat "$tmp/out/summary.txt")"
echo "PASS"
