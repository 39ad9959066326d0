# Run by the install.find_package test; see CMakeLists.txt beside this file.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/hello --help)
if(NOT output MATCHES "usage:")
  message(FATAL_ERROR "the consumer's service did not print its usage:\n${output}")
endif()
# A second build with nothing changed must do nothing: the generator does not run again.
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
if(output MATCHES "fastcpp-gen")
  message(FATAL_ERROR "a no-op rebuild ran the generator again:\n${output}")
endif()
