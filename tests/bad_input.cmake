# SPDX-License-Identifier: GPL-2.0-only
# Runs `cmwq-sim run FILE` (or, with -DCMD=import, `cmwq-sim import FILE
# -o /dev/null`) and checks: exit code 2, and stderr is exactly one line
# equal to "cmwq-sim: FILE: " followed by the .expected text.
if(NOT DEFINED CMD)
  set(CMD run)
endif()
set(extra "")
if(CMD STREQUAL "import")
  set(extra -o /dev/null)
endif()
execute_process(COMMAND ${BIN} ${CMD} ${FILE} ${extra} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} expected)
string(STRIP "${expected}" expected)
string(STRIP "${err}" err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "exit code ${rc}, expected 2; stderr: ${err}")
endif()
if(NOT err STREQUAL "cmwq-sim: ${FILE}: ${expected}")
  message(FATAL_ERROR "stderr:\n  ${err}\nexpected:\n  cmwq-sim: ${FILE}: ${expected}")
endif()
