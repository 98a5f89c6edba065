# Writes DST: the project version and the git commit of the source tree at build time (with
# "-dirty" when tracked files differ from that commit), so that every output records the commit it
# was built from, not the one CMake was configured at. The file is rewritten only when its text
# changes, so a build with the same commit recompiles nothing.
#   cmake -DSRC_DIR=... -DDST=... -DVERSION=... [-DGIT=/usr/bin/git] -P write_version.cmake
set(sha "unknown")
if(GIT AND EXISTS "${SRC_DIR}/.git")
  execute_process(COMMAND "${GIT}" rev-parse --short=12 HEAD WORKING_DIRECTORY "${SRC_DIR}"
    OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND head)
    set(sha "${head}")
    execute_process(COMMAND "${GIT}" diff --quiet HEAD -- WORKING_DIRECTORY "${SRC_DIR}"
      RESULT_VARIABLE dirty OUTPUT_QUIET ERROR_QUIET)
    if(dirty EQUAL 1)
      string(APPEND sha "-dirty")
    endif()
  endif()
endif()
set(text "#pragma once\n#define CIVICSIM_VERSION \"${VERSION}\"\n#define CIVICSIM_GIT_SHA \"${sha}\"\n")
set(old "")
if(EXISTS "${DST}")
  file(READ "${DST}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${DST}" "${text}")
endif()
