# Finds fastcpp's dependencies: fmt, nlohmann_json, Threads, and cpp-httplib >= 0.33 (for the
# tests' HTTP client and the hand-written benchmark server; the runtime does not use it).
#
# cpp-httplib: an installed one (find_package or a system httplib.h) is preferred when new
# enough; otherwise the header scripts/setup.sh fetched from Debian's source package, in
# $FASTCPP_CACHE_DIR or ~/.cache/fastcpp. FASTCPP_HTTPLIB_INCLUDE_DIR overrides both.
include_guard(GLOBAL)

find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

set(FASTCPP_HTTPLIB_MIN_VERSION 0.33.0)

# Usage: fastcpp_httplib_version(<header> <out-var>)
function(fastcpp_httplib_version header out_var)
  set(version "")
  if(EXISTS "${header}")
    file(STRINGS "${header}" line REGEX "^#define CPPHTTPLIB_VERSION \"[0-9.]+\"")
    string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" version "${line}")
  endif()
  set(${out_var} "${version}" PARENT_SCOPE)
endfunction()

if(NOT TARGET fastcpp_httplib)
  set(_candidates "")
  if(FASTCPP_HTTPLIB_INCLUDE_DIR)
    list(APPEND _candidates "${FASTCPP_HTTPLIB_INCLUDE_DIR}")
  endif()
  find_package(httplib ${FASTCPP_HTTPLIB_MIN_VERSION} QUIET CONFIG)
  if(httplib_FOUND)
    get_target_property(_dirs httplib::httplib INTERFACE_INCLUDE_DIRECTORIES)
    list(APPEND _candidates ${_dirs})
  endif()
  if(DEFINED ENV{FASTCPP_CACHE_DIR})
    set(_cache "$ENV{FASTCPP_CACHE_DIR}")
  elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(_cache "$ENV{XDG_CACHE_HOME}/fastcpp")
  else()
    set(_cache "$ENV{HOME}/.cache/fastcpp")
  endif()
  list(APPEND _candidates /usr/include /usr/local/include "${_cache}/cpp-httplib")

  set(_found "")
  foreach(dir IN LISTS _candidates)
    fastcpp_httplib_version("${dir}/httplib.h" _version)
    if(_version AND _version VERSION_GREATER_EQUAL FASTCPP_HTTPLIB_MIN_VERSION)
      set(_found "${dir}")
      break()
    endif()
  endforeach()
  if(NOT _found)
    message(FATAL_ERROR "cpp-httplib >= ${FASTCPP_HTTPLIB_MIN_VERSION} not found: "
                        "run scripts/setup.sh, or set FASTCPP_HTTPLIB_INCLUDE_DIR")
  endif()
  message(STATUS "fastcpp: cpp-httplib ${_version} in ${_found}")
  add_library(fastcpp_httplib INTERFACE)
  target_include_directories(fastcpp_httplib SYSTEM INTERFACE "${_found}")
  target_link_libraries(fastcpp_httplib INTERFACE Threads::Threads)
endif()

# The docs pages' assets, from npm (scripts/setup.sh installs scripts/npm/package.json into
# $FASTCPP_CACHE_DIR/npm, or ~/.cache/fastcpp/npm): swagger-ui-dist 5 and redoc 2, the majors
# FastAPI's pages load from a CDN. libfastcpp embeds them, so that a service's /docs and /redoc
# work without any network. FASTCPP_NPM_DIR (a node_modules directory) overrides the cache.
set(FASTCPP_NPM_DIR "" CACHE PATH "node_modules with swagger-ui-dist and redoc (default: the cache)")
if(NOT FASTCPP_NODE_MODULES)
  if(FASTCPP_NPM_DIR)
    set(_npm "${FASTCPP_NPM_DIR}")
  elseif(DEFINED ENV{FASTCPP_CACHE_DIR})
    set(_npm "$ENV{FASTCPP_CACHE_DIR}/npm/node_modules")
  elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(_npm "$ENV{XDG_CACHE_HOME}/fastcpp/npm/node_modules")
  else()
    set(_npm "$ENV{HOME}/.cache/fastcpp/npm/node_modules")
  endif()
  set(FASTCPP_NODE_MODULES "${_npm}")
  set(FASTCPP_SWAGGER_UI_DIR "${_npm}/swagger-ui-dist")
  set(FASTCPP_REDOC_DIR "${_npm}/redoc")
  foreach(asset ${FASTCPP_SWAGGER_UI_DIR}/swagger-ui-bundle.js
                ${FASTCPP_SWAGGER_UI_DIR}/swagger-ui.css
                ${FASTCPP_SWAGGER_UI_DIR}/favicon-32x32.png
                ${FASTCPP_REDOC_DIR}/bundles/redoc.standalone.js)
    if(NOT EXISTS "${asset}")
      message(FATAL_ERROR "${asset} not found: run scripts/setup.sh, or set FASTCPP_NPM_DIR")
    endif()
  endforeach()
endif()
