# Runs COMMAND (its arguments separated by `|`, which custom targets pass through unsplit) and compares what it prints with EXPECTED, a file, byte for byte (one
# trailing newline of the output aside). With STDERR_EXPECTED, also its stderr with that file,
# after cutting SOURCE_DIR (the directory the sources are named from) out of it. With UPDATE,
# writes the files instead.
#   cmake -DCOMMAND=... -DEXPECTED=... [-DSTDERR_EXPECTED=... -DSOURCE_DIR=...] [-DUPDATE=ON]
#         -P compare_output.cmake
string(REPLACE "|" ";" COMMAND "${COMMAND}")
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${COMMAND} failed (${rc}):\n${err}")
endif()
string(REGEX REPLACE "\n$" "" out "${out}")
if(SOURCE_DIR)
  string(REPLACE "${SOURCE_DIR}/" "" err "${err}")
endif()
if(UPDATE)
  file(WRITE ${EXPECTED} "${out}")
  if(STDERR_EXPECTED)
    file(WRITE ${STDERR_EXPECTED} "${err}")
  endif()
  return()
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  file(WRITE ${EXPECTED}.actual "${out}")
  message(FATAL_ERROR "output differs from ${EXPECTED} (see ${EXPECTED}.actual):\n${out}")
endif()
if(STDERR_EXPECTED)
  file(READ ${STDERR_EXPECTED} expected_err)
  if(NOT err STREQUAL expected_err)
    message(FATAL_ERROR "stderr differs from ${STDERR_EXPECTED}:\n${err}")
  endif()
endif()
