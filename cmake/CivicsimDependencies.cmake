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

# Thrust and CUB: the CCCL of the CUDA toolkit whose nvcc is in use (also for the OpenMP backend),
# else Debian's libthrust-dev. The nvcc is CMAKE_CUDA_COMPILER when given, else the first on PATH,
# else $CUDA_HOME's, else /usr/local/cuda's; CCCL sits in its toolkit's include/cccl (CUDA 13),
# include (CUDA 12) or targets/<arch>/include. nvcc itself finds CCCL on its own include path.
add_library(civicsim::thrust INTERFACE IMPORTED)
if(NOT CIVICSIM_BACKEND STREQUAL "CUDA")
  if(CMAKE_CUDA_COMPILER)
    set(_nvcc "${CMAKE_CUDA_COMPILER}")
  else()
    find_program(CIVICSIM_NVCC nvcc PATHS $ENV{CUDA_HOME}/bin /usr/local/cuda/bin
                 DOC "nvcc whose toolkit's CCCL (Thrust, CUB) the OpenMP backend uses")
    set(_nvcc "${CIVICSIM_NVCC}")
  endif()
  set(_cccl_hints "")
  if(_nvcc)
    file(REAL_PATH "${_nvcc}" _nvcc_real)
    get_filename_component(_toolkit "${_nvcc_real}" DIRECTORY)
    get_filename_component(_toolkit "${_toolkit}" DIRECTORY)
    foreach(_inc "${_toolkit}/include" "${_toolkit}/targets/${CMAKE_SYSTEM_PROCESSOR}-linux/include")
      list(APPEND _cccl_hints "${_inc}/cccl" "${_inc}")
    endforeach()
  endif()
  find_path(CIVICSIM_CCCL_INCLUDE_DIR thrust/version.h HINTS ${_cccl_hints} NO_DEFAULT_PATH)
  if(NOT CIVICSIM_CCCL_INCLUDE_DIR)
    find_path(CIVICSIM_CCCL_INCLUDE_DIR thrust/version.h REQUIRED)
  endif()
  message(STATUS "Thrust from: ${CIVICSIM_CCCL_INCLUDE_DIR} (nvcc: ${_nvcc})")
  target_include_directories(civicsim::thrust SYSTEM INTERFACE ${CIVICSIM_CCCL_INCLUDE_DIR})
endif()
