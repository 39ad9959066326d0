# fastcpp_add_service: a service executable from annotated handler sources.
include_guard(GLOBAL)

# An existing fastcpp-gen to generate with, instead of the one built or installed with fastcpp:
# e.g. for a sanitizer or fuzzing build that does not build the generator itself.
set(FASTCPP_GENERATOR_EXECUTABLE "" CACHE FILEPATH "An existing fastcpp-gen to generate with")
# The runtime's headers (nlohmann/json above all) are most of what each generated file compiles:
# precompiled once per service, each source's file then compiles in a fraction of the time.
option(FASTCPP_PRECOMPILE_HEADERS "Precompile the runtime's headers for the generated files" ON)

# Usage:
#   fastcpp_add_service(<target>
#     SOURCES <file.cpp>...        # the annotated handler files (relative to this directory)
#     [LIBRARIES <target>...]      # linked into the service
#     [NO_MAIN]                    # no generated main(); call fastcpp_generated::service()
#     [LIBRARY <name>]             # the generated code as a library <name> too, for tests
#     [TITLE <text>] [VERSION <text>] [DESCRIPTION <text>]   # the OpenAPI document's info
#     [OPENAPI_URL <url>] [DOCS_URL <url>] [REDOC_URL <url>] # default /openapi.json, /docs, /redoc
#     [NO_OPENAPI] [NO_DOCS] [NO_REDOC]  # serve none of them / no Swagger UI / no ReDoc
#     [NO_RAISED_ERRORS])          # document only what FastAPI documents (no raised errors)
#
# The document's and pages' options may also be in a source, with FastAPI's redirect_slashes:
# FASTCPP_APP(fastcpp::FastAPI().title(...)...) (fastcpp/fastapi.hpp); each one given here wins
# over the source's.
#
# fastcpp-gen reads the sources (each parsed on its own, as it is compiled) and writes, into the
# binary directory, one file per source, <target>.<source>.gen.cpp (<source>: the path relative
# to this directory as string(MAKE_C_IDENTIFIER) spells it), and the small <target>.gen.cpp with
# the route table and the service-wide exception handlers. Each source's file #includes it, so
# handlers, exception classes and body structs may live in one .cpp, static functions included;
# the sources are compiled through those files only. fastcpp-gen runs again when a source or a
# header it read changed (a depfile records them) and rewrites a file only when its text
# changed, so touching one source recompiles that source's file (and the others only if what
# they generate changed), in parallel.
#
# With LIBRARY <name>, the generated code and the sources are an object library <name> (no
# generated main()) that the executable <target> links with fastcpp::main, and that a test
# executable links to call fastcpp_generated::service() (fastcpp/testclient.hpp):
#   fastcpp_add_service(items SOURCES main.cpp LIBRARY items_service)
#   add_executable(items_test items_test.cpp)
#   target_link_libraries(items_test PRIVATE items_service GTest::gtest_main)
function(fastcpp_add_service target)
  cmake_parse_arguments(ARG "NO_MAIN;NO_OPENAPI;NO_DOCS;NO_REDOC;NO_RAISED_ERRORS"
                        "TITLE;VERSION;DESCRIPTION;OPENAPI_URL;DOCS_URL;REDOC_URL;LIBRARY"
                        "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "fastcpp_add_service(${target}): SOURCES is required")
  endif()
  if(FASTCPP_GENERATOR_EXECUTABLE)
    set(generator ${FASTCPP_GENERATOR_EXECUTABLE})
  elseif(TARGET fastcpp-gen)
    set(generator fastcpp-gen)
  elseif(TARGET fastcpp::fastcpp-gen)
    set(generator fastcpp::fastcpp-gen)
  else()
    message(FATAL_ERROR "fastcpp_add_service(${target}): fastcpp-gen is not available")
  endif()
  if(TARGET fastcpp)
    set(runtime fastcpp)
    set(runtime_main fastcpp_main)
  else()
    set(runtime fastcpp::fastcpp)
    set(runtime_main fastcpp::main)
  endif()

  set(output ${CMAKE_CURRENT_BINARY_DIR}/${target}.gen.cpp)
  set(relative_sources "")
  set(absolute_sources "")
  set(source_outputs "")
  foreach(source IN LISTS ARG_SOURCES)
    get_filename_component(absolute ${source} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    file(RELATIVE_PATH relative ${CMAKE_CURRENT_SOURCE_DIR} ${absolute})
    # fastcpp-gen names each source's file in the same way (model/source_plan.hpp).
    string(MAKE_C_IDENTIFIER "${relative}" id)
    list(APPEND relative_sources ${relative})
    list(APPEND absolute_sources ${absolute})
    list(APPEND source_outputs ${CMAKE_CURRENT_BINARY_DIR}/${target}.${id}.gen.cpp)
  endforeach()

  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.gen.stamp)
  set(depfile ${CMAKE_CURRENT_BINARY_DIR}/${target}.gen.d)
  set(options "")
  if(ARG_NO_MAIN OR ARG_LIBRARY)
    list(APPEND options --no-main)
  endif()
  foreach(setting TITLE VERSION DESCRIPTION OPENAPI_URL DOCS_URL REDOC_URL)
    if(DEFINED ARG_${setting})
      string(TOLOWER ${setting} flag)
      string(REPLACE "_" "-" flag ${flag})
      list(APPEND options "--${flag}=${ARG_${setting}}")
    endif()
  endforeach()
  foreach(off OPENAPI DOCS REDOC)
    if(ARG_NO_${off})
      string(TOLOWER ${off} flag)
      list(APPEND options "--${flag}-url=")
    endif()
  endforeach()
  if(ARG_NO_RAISED_ERRORS)
    list(APPEND options --no-raised-errors)
  endif()

  # The target that compiles the generated code: the executable, or the LIBRARY it links.
  if(ARG_LIBRARY)
    set(code ${ARG_LIBRARY})
    add_library(${code} OBJECT ${output} ${source_outputs} ${absolute_sources})
    target_link_libraries(${code} PUBLIC ${runtime} ${ARG_LIBRARIES})
    add_executable(${target})
    target_link_libraries(${target} PRIVATE ${code} ${runtime_main})
  else()
    set(code ${target})
    add_executable(${target} ${output} ${source_outputs} ${absolute_sources})
    target_link_libraries(${target} PRIVATE ${runtime} ${ARG_LIBRARIES})
  endif()
  # The sources are compiled through their generated files, which include them.
  set_source_files_properties(${absolute_sources} TARGET_DIRECTORY ${code}
                              PROPERTIES HEADER_FILE_ONLY ON)
  target_include_directories(${code} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  if(FASTCPP_PRECOMPILE_HEADERS)
    target_precompile_headers(${code} PRIVATE <fastcpp/fastcpp.hpp> <fastcpp/app.hpp>
                              <fastcpp/detail/binding.hpp>)
  endif()

  set(standard $<TARGET_PROPERTY:${code},CXX_STANDARD>)
  set(includes $<TARGET_PROPERTY:${code},INCLUDE_DIRECTORIES>
               $<TARGET_PROPERTY:${runtime},INTERFACE_INCLUDE_DIRECTORIES>)
  set(definitions $<TARGET_PROPERTY:${code},COMPILE_DEFINITIONS>)
  # The runtime's headers (nlohmann/json above all) are most of a parse: precompiled once per
  # service, the generator reads only the sources' own declarations.
  set(pch ${CMAKE_CURRENT_BINARY_DIR}/${target}.gen.pch)
  add_custom_command(
    OUTPUT ${pch}
    COMMAND ${generator} --make-pch ${pch} --depfile ${pch}.d --
            -std=c++$<IF:$<BOOL:${standard}>,${standard},17>
            "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>"
            "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},;-D>>"
    DEPENDS ${generator}
    DEPFILE ${pch}.d
    COMMENT "fastcpp-gen: precompiling the runtime's headers for ${target}"
    COMMAND_EXPAND_LISTS VERBATIM)

  add_custom_command(
    OUTPUT ${output} ${source_outputs} ${stamp}
    COMMAND ${generator} --service ${target} --output ${output} --depfile ${depfile}
            --pch ${pch} ${options} ${relative_sources} --
            -std=c++$<IF:$<BOOL:${standard}>,${standard},17>
            "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>"
            "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},;-D>>"
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${generator} ${absolute_sources} ${pch}
    DEPFILE ${depfile}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    COMMENT "fastcpp-gen: ${target}"
    COMMAND_EXPAND_LISTS VERBATIM)
endfunction()
