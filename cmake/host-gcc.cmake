# Toolchain: the PC's gcc (x86-64), used for the host firmware build and the C test harnesses.
set(CMAKE_C_COMPILER gcc)
set(CMAKE_C_FLAGS_INIT "-ffp-contract=off")
