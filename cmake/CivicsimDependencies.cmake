# Every third-party dependency, found from Debian packages (scripts/setup installs them).
find_package(yaml-cpp REQUIRED)                     # libyaml-cpp-dev: scenario files with line/column marks
find_package(HDF5 REQUIRED COMPONENTS C HL)         # libhdf5-dev: output files, dimension scales (HL)
find_package(CLI11 CONFIG REQUIRED)                 # libcli11-dev: the command line
if(NOT CIVICSIM_BACKEND STREQUAL "CUDA")
  find_package(OpenMP REQUIRED COMPONENTS CXX)      # the CPU backend of Thrust
endif()

# Random123 (librandom123-dev) is header-only and ships no CMake package.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(civicsim::random123 INTERFACE IMPORTED)
target_include_directories(civicsim::random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

# Thrust and CUB: the CUDA toolkit's CCCL when present (also for the OpenMP backend), else Debian's
# libthrust-dev. nvcc finds CCCL on its own include path.
add_library(civicsim::thrust INTERFACE IMPORTED)
if(NOT CIVICSIM_BACKEND STREQUAL "CUDA")
  find_path(CIVICSIM_CCCL_INCLUDE_DIR thrust/version.h
    HINTS ${CUDAToolkit_ROOT}/include/cccl $ENV{CUDA_HOME}/include/cccl /usr/local/cuda/include/cccl
    NO_DEFAULT_PATH)
  if(NOT CIVICSIM_CCCL_INCLUDE_DIR)
    find_path(CIVICSIM_CCCL_INCLUDE_DIR thrust/version.h REQUIRED)
  endif()
  message(STATUS "Thrust from: ${CIVICSIM_CCCL_INCLUDE_DIR}")
  target_include_directories(civicsim::thrust SYSTEM INTERFACE ${CIVICSIM_CCCL_INCLUDE_DIR})
endif()
