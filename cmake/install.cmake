# SPDX-License-Identifier: GPL-2.0-only
# cmake --install: the CLI, its man page (help2man, from --help), the headers
# of include/cmwqsim, the core library as cmwqsim::cmwqsim with a CMake
# package config and a pkg-config file. Included from the top CMakeLists.txt.
# Libraries go to lib/<multiarch> on Debian, under /usr/local too (as the
# .deb's, under /usr): ld.so and pkg-config search both.
if(NOT DEFINED CMAKE_INSTALL_LIBDIR AND CMAKE_LIBRARY_ARCHITECTURE)
  set(CMAKE_INSTALL_LIBDIR "lib/${CMAKE_LIBRARY_ARCHITECTURE}" CACHE PATH "Object code libraries (lib)")
endif()
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The core library, installed as libcmwqsim.a; consumers link cmwqsim::cmwqsim.
set_target_properties(cmwqsim_core PROPERTIES OUTPUT_NAME cmwqsim EXPORT_NAME cmwqsim)
add_library(cmwqsim::cmwqsim ALIAS cmwqsim_core)

install(TARGETS cmwq-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(TARGETS cmwqsim_core EXPORT cmwqsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(DIRECTORY include/cmwqsim DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)

set(CMWQSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cmwqsim)
install(EXPORT cmwqsimTargets NAMESPACE cmwqsim:: DESTINATION ${CMWQSIM_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(cmake/cmwqsimConfig.cmake.in ${CMAKE_BINARY_DIR}/cmwqsimConfig.cmake
                              INSTALL_DESTINATION ${CMWQSIM_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmwqsimConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmwqsimConfig.cmake ${CMAKE_BINARY_DIR}/cmwqsimConfigVersion.cmake
        DESTINATION ${CMWQSIM_CMAKE_DIR} COMPONENT dev)

# pkg-config: paths relative to the .pc file's prefix, so a moved tree still works.
# ("../.." from lib/pkgconfig, "../../.." from lib/x86_64-linux-gnu/pkgconfig).
file(RELATIVE_PATH CMWQSIM_PC_UP /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
string(REGEX REPLACE "/$" "" CMWQSIM_PC_UP "${CMWQSIM_PC_UP}")
configure_file(cmake/cmwqsim.pc.in ${CMAKE_BINARY_DIR}/cmwqsim.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/cmwqsim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# The man page, from cmwq-sim --help and --version (Debian's help2man).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/cmwq-sim.1.gz
    COMMAND ${HELP2MAN} --no-info --section 1 --source "cmwq-sim ${PROJECT_VERSION}"
            --name "simulate the Linux kernel's Concurrency Managed Workqueue"
            --output ${CMAKE_BINARY_DIR}/cmwq-sim.1 $<TARGET_FILE:cmwq-sim>
    COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/cmwq-sim.1
    DEPENDS cmwq-sim
    COMMENT "Generating the man page cmwq-sim.1 with help2man" VERBATIM)
  add_custom_target(cmwq-sim-man ALL DEPENDS ${CMAKE_BINARY_DIR}/cmwq-sim.1.gz)
  install(FILES ${CMAKE_BINARY_DIR}/cmwq-sim.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cli)
else()
  message(WARNING "help2man not found: no man page (tools/lib.sh installs it)")
endif()
