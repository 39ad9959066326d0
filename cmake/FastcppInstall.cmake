# Install rules: the runtime, its headers, fastcpp-gen and the CMake package, so that another
# project can `find_package(fastcpp)` and call fastcpp_add_service().
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FASTCPP_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/fastcpp)
set(targets fastcpp fastcpp_main)
if(TARGET fastcpp-gen)
  list(APPEND targets fastcpp-gen)
endif()
install(TARGETS ${targets} EXPORT fastcppTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/fastcpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT fastcppTargets NAMESPACE fastcpp:: DESTINATION ${FASTCPP_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/fastcppConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/fastcppConfig.cmake
                              INSTALL_DESTINATION ${FASTCPP_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/fastcppConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/fastcppConfig.cmake
              ${PROJECT_BINARY_DIR}/fastcppConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FastcppService.cmake
        DESTINATION ${FASTCPP_INSTALL_CMAKEDIR})
