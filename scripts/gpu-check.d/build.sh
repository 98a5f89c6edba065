# scripts/gpu-check, phases 1-3: the machine, the carried libraries, configure and build.
# Sourced by scripts/gpu-check (its phase_begin, step, figure, phase_end and variables).

overlay="$work/deps-lib"  # a link for each carried library the system lacks; put on LD_LIBRARY_PATH
card="" card_memory=""

# The nvcc in use: CIVICSIM_NVCC, else the first on PATH, else /usr/local/cuda's. Both presets use
# it: cuda compiles with it, cpu takes Thrust and CUB from its toolkit (cmake/CivicsimDependencies).
nvcc="${CIVICSIM_NVCC:-}"
if [[ -z "$nvcc" ]]; then
  if command -v nvcc >/dev/null 2>&1; then nvcc="$(command -v nvcc)"
  elif [[ -x /usr/local/cuda/bin/nvcc ]]; then nvcc=/usr/local/cuda/bin/nvcc
  fi
fi

system_has() {  # system_has SONAME: the loader finds it outside .deps (and the file is really there)
  local path dir
  if command -v ldconfig >/dev/null 2>&1; then
    while read -r path; do
      [[ -s "$path" ]] && return 0
    done < <(ldconfig -p 2>/dev/null | awk -v s="$1" '$1 == s {print $NF}')
  fi
  local IFS=:
  for dir in ${LD_LIBRARY_PATH:-} /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /usr/lib64 /usr/local/lib; do
    [[ -n "$dir" && "$dir" != "$overlay" && -s "$dir/$1" ]] && return 0
  done
  return 1
}

prepare_deps() {
  if [[ ! -f "$deps_root/SONAMES" ]]; then
    echo "no .deps/root/SONAMES: run scripts/fetch-gpu-deps on a Debian machine and carry .deps/root"
    return 1
  fi
  rm -rf "$overlay"
  mkdir -p "$overlay"
  local soname path from_bundle=() from_system=()
  while read -r soname path; do
    [[ -z "$soname" || "$soname" == \#* ]] && continue
    if [[ "${CIVICSIM_DEPS_PREFER:-system}" != bundle ]] && system_has "$soname"; then
      from_system+=("$soname")
    else
      ln -sf "$deps_root/$path" "$overlay/$soname"
      from_bundle+=("$soname")
    fi
  done <"$deps_root/SONAMES"
  echo "libraries from .deps (missing on this system): ${from_bundle[*]:-none}"
  echo "libraries the system already has: ${from_system[*]:-none}"
  echo "packages in .deps/root:"
  sed 's/^/  /' "$deps_root/PACKAGES"
}

describe_machine() {
  echo "host: $(uname -srm), $(nproc) cores"
  [[ -r /etc/os-release ]] && grep PRETTY_NAME /etc/os-release
  echo "glibc: $(ldd --version 2>/dev/null | head -1) (the .deps libraries need GLIBC_2.34, GLIBCXX_3.4.29)"
  echo "nvcc: ${nvcc:-none}"
  [[ -n "$nvcc" ]] && "$nvcc" --version | tail -2
  echo "g++: $(g++ --version | head -1)"
  echo "cmake: $(cmake --version | head -1); ninja: $(ninja --version)"
  if command -v nvidia-smi >/dev/null 2>&1; then
    timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap,clocks.max.memory --format=csv
  else
    echo "nvidia-smi: not found"
  fi
  return 0
}

phase_machine() {
  phase_begin machine
  step "$out/build.log" describe_machine
  if command -v nvidia-smi >/dev/null 2>&1; then
    card="$(timeout 20 nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"
    card_memory="$(timeout 20 nvidia-smi --query-gpu=memory.total --format=csv,noheader 2>/dev/null | head -1)"
  fi
  figure "card: ${card:-none}${card_memory:+ ($card_memory)}"
  figure "nvcc: ${nvcc:-none}"
  if ! step "$out/build.log" prepare_deps; then
    phase_end
    return 1
  fi
  figure "$(grep -vc '^#' "$deps_root/PACKAGES") packages from .deps"
  phase_end
  export LD_LIBRARY_PATH="$overlay${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

# ---- configure and build ----------------------------------------------------------------------------
cmake_args=(
  -DCMAKE_PREFIX_PATH="$deps_root/usr"
  -DHDF5_ROOT="$deps_root/usr/lib/x86_64-linux-gnu/hdf5/serial"  # FindHDF5 then searches only there
  -Dyaml-cpp_DIR="$deps_root/usr/lib/x86_64-linux-gnu/cmake/yaml-cpp"
  -DCLI11_DIR="$deps_root/usr/share/cmake/CLI11"
  -DGTest_DIR="$deps_root/usr/lib/x86_64-linux-gnu/cmake/GTest"
  -DRANDOM123_INCLUDE_DIR="$deps_root/usr/include"
  -DZLIB_ROOT="$deps_root/usr"
  # The linker must see the libraries that libhdf5 needs (libsz, libcurl, ...) when it links.
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,-rpath-link,$overlay"
)
cmake_major="$(cmake --version | sed -n 's/^cmake version \([0-9]*\).*/\1/p')"
if [[ "${cmake_major:-3}" -ge 4 ]]; then
  cmake_args+=(-DCMAKE_POLICY_VERSION_MINIMUM=3.5)  # Debian's package configs predate CMake 4
fi

configure() {  # configure PRESET ARGS...: a fresh cache unless it was made for the same .deps
  local preset="$1" dir="$build_root/$1"
  shift
  if [[ -f "$dir/CMakeCache.txt" ]] &&
     ! grep -qE "^HDF5_ROOT:(UNINITIALIZED|PATH)=$deps_root/usr/lib/x86_64-linux-gnu/hdf5/serial\$" "$dir/CMakeCache.txt"; then
    echo "removing $dir/CMakeCache.txt: it was configured without this .deps"
    rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  fi
  cmake --preset "$preset" -B "$dir" "${cmake_args[@]}" "$@"
}

cuda_ok=0
cpu_ok=0
phase_configure() {
  phase_begin configure || return
  if [[ -z "$nvcc" ]]; then
    phase_fail "FAIL(no nvcc)"
    echo "    no nvcc (CIVICSIM_NVCC, PATH or /usr/local/cuda/bin): the cuda preset cannot be configured"
  else
    local arch cuda_args=(-DCMAKE_CUDA_COMPILER="$nvcc")
    arch="$(timeout 20 nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d ' .')"
    [[ "$arch" =~ ^[0-9]+$ ]] && cuda_args+=(-DCMAKE_CUDA_ARCHITECTURES="$arch")
    step "$out/build.log" configure cuda "${cuda_args[@]}" && cuda_ok=1
    figure "cuda: $( ((cuda_ok)) && echo configured || echo FAILED)${arch:+ (sm_$arch)}"
  fi
  if ((with_cpu)); then
    step "$out/build.log" configure cpu ${nvcc:+-DCIVICSIM_NVCC="$nvcc"} && cpu_ok=1
    figure "cpu: $( ((cpu_ok)) && echo configured || echo FAILED)"
  fi
  grep -h "Thrust from" "$out/build.log" | tail -1 | sed 's/^-- /    /'
  phase_end
}

# The builds, at once: nvcc and g++ each leave cores idle while the other's longest file compiles.
# On the GPU machine the cuda build makes the programs first (civicsim, device_copy), so that a build
# cut at its cap still leaves the runs something to run, then the tests; the cpu build makes only
# civicsim (the comparisons' other side; its tests run in CI), at a lower priority. --build-only
# builds everything of both. Each part writes its exit status and end time to
# <build>/gpu-check/build-PART.{rc,end}.
build_part() {  # build_part PART PRESET [NICE] [TARGET...]
  local part="$1" preset="$2" niceness="${3:-0}"
  shift 3
  local targets=()
  (($#)) && targets=(--target "$@")
  rm -f "$work/build-$part.rc" "$work/build-$part.end"
  nice -n "$niceness" cmake --build "$build_root/$preset" -j "$jobs" "${targets[@]}" >>"$work/build-$preset.log" 2>&1
  echo $? >"$work/build-$part.rc"
  echo $SECONDS >"$work/build-$part.end"
}

build_all() {
  : >"$work/build-cuda.log"
  : >"$work/build-cpu.log"
  local pids=()
  if ((cuda_ok)); then
    if [[ $mode == build ]]; then
      ( build_part cuda cuda 0 ) &
    else
      ( build_part cuda-programs cuda 0 civicsim device_copy && build_part cuda cuda 0 ) &
    fi
    pids+=($!)
  fi
  if ((cpu_ok)); then
    if [[ $mode == build ]]; then ( build_part cpu cpu 0 ) &
    else ( build_part cpu cpu 10 civicsim ) &
    fi
    pids+=($!)
  fi
  wait "${pids[@]}"
}

built() { [[ "$(cat "$work/build-$1.rc" 2>/dev/null)" == 0 ]]; }
build_seconds() { echo $(($(cat "$work/build-$1.end") - phase_start)); }

cuda_tests_ok=0
phase_build() {
  if ((!cuda_ok)) && [[ $mode != build ]]; then cpu_ok=0; fi  # nothing to compare a CPU run with
  phase_begin build || { cuda_ok=0 cpu_ok=0; return; }
  if ((!cuda_ok && !cpu_ok)); then phase_fail "FAIL(nothing configured)"; phase_end; return; fi
  rm -f "$work"/build-*.rc
  step "$out/build.log" build_all
  ((cuda_ok)) && { echo; echo "===== build cuda"; cat "$work/build-cuda.log"; } >>"$out/build.log"
  ((cpu_ok)) && { echo; echo "===== build cpu"; cat "$work/build-cpu.log"; } >>"$out/build.log"
  if ((cuda_ok)); then
    if built cuda; then
      cuda_tests_ok=1
      figure "cuda built in $(build_seconds cuda) s"
    elif built cuda-programs; then
      figure "cuda programs built in $(build_seconds cuda-programs) s, its tests not"
    else
      cuda_ok=0
      figure "cuda: not built"
    fi
    ((cuda_tests_ok)) || { phase_status="FAIL(build cuda)"; build_errors cuda; }
  fi
  if ((cpu_ok)); then
    if built cpu; then figure "cpu built in $(build_seconds cpu) s"
    else cpu_ok=0; phase_status="FAIL(build cpu)"; figure "cpu: not built"; build_errors cpu
    fi
  fi
  phase_end
}

build_errors() {  # build_errors PRESET: its first errors and last lines
  echo "    build $1 failed or was cut off; first errors and last lines of its log:"
  grep -E "error|FAILED" "$work/build-$1.log" | head -n 20 | sed 's/^/    | /'
  tail -n 10 "$work/build-$1.log" | sed 's/^/    | /'
}
