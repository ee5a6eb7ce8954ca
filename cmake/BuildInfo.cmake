# Records what the binary was built from and with, so every run file can say so.
# The git commit is read at build time (not only at configure time) so that a rebuild after a
# commit records the new one.
get_directory_property(_defs COMPILE_DEFINITIONS)
set(_flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${CMAKE_BUILD_TYPE}}")
if(CMAKE_BUILD_TYPE)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" _bt)
  set(_flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_bt}}")
endif()
if(DIVBENCH_NATIVE)
  string(APPEND _flags " -march=native")
endif()
string(STRIP "${_flags}" DIVBENCH_BUILD_FLAGS)
set(DIVBENCH_BUILD_TYPE "${CMAKE_BUILD_TYPE}")
set(DIVBENCH_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")

add_custom_target(divbench_git_commit
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DOUTPUT=${PROJECT_BINARY_DIR}/generated/divbench/git_commit.hpp
          -P ${PROJECT_SOURCE_DIR}/cmake/GitCommit.cmake
  BYPRODUCTS ${PROJECT_BINARY_DIR}/generated/divbench/git_commit.hpp
  COMMENT "Recording the git commit")
configure_file(${PROJECT_SOURCE_DIR}/cmake/build_info.hpp.in
               ${PROJECT_BINARY_DIR}/generated/divbench/build_info.hpp @ONLY)
