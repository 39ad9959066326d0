# golden.large_service.compiles.<compiler>: the service file of a 300-handler service, whose
# OpenAPI document is longer than the 262,144 steps GCC evaluates in a constant expression,
# compiles. Run as cmake -DGENERATOR=... -DCOMPILER=... -DSOURCE_DIR=... -DWORK_DIR=... -P.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND bash ${SOURCE_DIR}/bench/make_synthetic.sh ${WORK_DIR} large 1 300
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "make_synthetic.sh failed")
endif()
execute_process(COMMAND ${GENERATOR} --service large --output ${WORK_DIR}/large.gen.cpp
                        ${WORK_DIR}/handlers_1.cpp -- -std=c++17 -I${SOURCE_DIR}/runtime/include
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "fastcpp-gen failed")
endif()
file(SIZE ${WORK_DIR}/large.gen.cpp size)
if(size LESS 300000)
  message(FATAL_ERROR "the service file is only ${size} bytes: not the long document meant")
endif()
execute_process(COMMAND ${COMPILER} -std=c++17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only
                        -I${WORK_DIR} -I${SOURCE_DIR}/runtime/include ${WORK_DIR}/large.gen.cpp
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the service file of a 300-handler service does not compile")
endif()
