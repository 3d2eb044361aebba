# SPDX-License-Identifier: GPL-2.0-only
# cpack -G DEB: two Debian packages from the install components,
#  - cmwq-sim: the CLI and its man page (Depends from dpkg-shlibdeps:
#    libsimgrid3.32, libstdc++6, ...);
#  - libcmwqsim-dev: the headers, the static library, its CMake package
#    config and pkg-config file (Depends: what find_package(cmwqsim) finds).
# Installed files are stripped (the static library of its debug info only).
set(CMWQSIM_MAINTAINER "cmwq-sim developers <cmwq-sim@example.org>" CACHE STRING
    "The Debian packages' Maintainer field")

# A native package's changelog.gz, dated by the commit it is built from.
set(CMWQSIM_CHANGELOG_DATE "")
set(CMWQSIM_CHANGELOG_SOURCE "version ${PROJECT_VERSION}")
if(CMWQSIM_GIT_COMMIT)
  set(CMWQSIM_CHANGELOG_SOURCE "git ${CMWQSIM_GIT_COMMIT}")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${CMAKE_CURRENT_SOURCE_DIR}" log -1 --format=%aD
                  OUTPUT_VARIABLE CMWQSIM_CHANGELOG_DATE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(NOT CMWQSIM_CHANGELOG_DATE)
  string(TIMESTAMP CMWQSIM_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
configure_file(cmake/changelog.in ${CMAKE_BINARY_DIR}/deb/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deb/changelog.gz
                   COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/deb/changelog
                   DEPENDS ${CMAKE_BINARY_DIR}/deb/changelog VERBATIM)
add_custom_target(cmwq-sim-changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/deb/changelog.gz)

foreach(pkg cmwq-sim libcmwqsim-dev)
  if(pkg STREQUAL "cmwq-sim")
    set(component cli)
  else()
    set(component dev)
  endif()
  install(FILES cmake/copyright ${CMAKE_BINARY_DIR}/deb/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${component})
endforeach()
install(CODE "if(CMAKE_INSTALL_DO_STRIP)
  execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
                  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:cmwqsim_core>\")
endif()" COMPONENT dev)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cmwq-sim)
set(CPACK_PACKAGE_VENDOR "cmwq-sim")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${CMWQSIM_MAINTAINER}")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL cli dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CMWQSIM_MAINTAINER}")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_CLI_PACKAGE_NAME cmwq-sim)
set(CPACK_DEBIAN_CLI_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_CLI_PACKAGE_SUGGESTS "librsvg2-bin, parallel, trace-cmd")
set(CPACK_COMPONENT_CLI_DESCRIPTION
    "simulator of the Linux kernel's Concurrency Managed Workqueue
cmwq-sim runs a workqueue scenario (work items, workqueues, CPUs) on a model
of the kernel's cmwq rules (6.1, 6.12 and 7.3) and its CPU schedulers, and
prints the timeline, ftrace or Chrome traces, statistics and plots.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libcmwqsim-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libsimgrid-dev (>= 3.32), nlohmann-json3-dev (>= 3.11)")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "simulator of the Linux kernel's Concurrency Managed Workqueue (library)
The static library behind cmwq-sim, its headers (cmwqsim/*.hpp), a CMake
package (find_package(cmwqsim): cmwqsim::cmwqsim) and a pkg-config file.")

include(CPack)
