#!/usr/bin/env bash
# Checks (and, as root, installs) what WakeWord needs beyond the .NET 10 SDK.
# Usage: scripts/prereqs.sh [--quiet]
set -euo pipefail
# Debian packages, each with a file that proves it is installed.
pkgs=(
  "cmake:/usr/bin/cmake"
  "gcc:/usr/bin/gcc"
  "make:/usr/bin/make"
  "gcc-arm-none-eabi:/usr/bin/arm-none-eabi-gcc"
  "libnewlib-arm-none-eabi:/usr/lib/arm-none-eabi/newlib/thumb/v7e-m+fp/hard/librdimon.a"
  "qemu-system-arm:/usr/bin/qemu-system-arm"
  "sox:/usr/bin/sox"
  "espeak-ng:/usr/bin/espeak-ng"
  "flite:/usr/bin/flite"
  "festival:/usr/bin/festival"
  "festvox-kallpc16k:/usr/share/festival/voices/english/kal_diphone/festvox/kal_diphone.scm"
  "festvox-kdlpc16k:/usr/share/festival/voices/english/ked_diphone/festvox/ked_diphone.scm"
  "festvox-us-slt-hts:/usr/share/festival/voices/us/cmu_us_slt_arctic_hts/festvox/cmu_us_slt_arctic_hts.scm"
  "festvox-itapc16k:/usr/share/festival/voices/italian/pc_diphone/festvox/pc_diphone.scm"
  "festvox-italp16k:/usr/share/festival/voices/italian/lp_diphone/festvox/lp_diphone.scm"
  "festvox-suopuhe-lj:/usr/share/festival/voices/finnish/suo_fi_lj_diphone/group"
  "festvox-suopuhe-mv:/usr/share/festival/voices/finnish/hy_fi_mv_diphone/group"
  "festvox-czech-dita:/usr/share/festival/voices/czech/czech_dita/festvox/czech_dita.scm"
  "festvox-czech-krb:/usr/share/festival/voices/czech/czech_krb/festvox/czech_krb.scm"
  "festvox-czech-machac:/usr/share/festival/voices/czech/czech_machac/festvox/czech_machac.scm"
  "festvox-czech-ph:/usr/share/festival/voices/czech/czech_ph/festvox/czech_ph.scm"
  "nodejs:/usr/bin/node"
  "npm:/usr/bin/npm"
  "cppcheck:/usr/bin/cppcheck"
  "clang:/usr/bin/clang"
  "libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"
  "sonic-pi-samples:/usr/share/sonic-pi/samples"
  "asterisk-core-sounds-en-wav:/usr/share/asterisk/sounds/en_US_f_Allison"
  "pocketsphinx-testdata:/usr/share/pocketsphinx/test/data"
)
missing=()
for entry in "${pkgs[@]}"; do
  pkg=${entry%%:*}; probe=${entry#*:}
  [ -e "$probe" ] || missing+=("$pkg")
done
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is not installed (dotnet not on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
if [ ${#missing[@]} -eq 0 ]; then
  [ "${1:-}" = "--quiet" ] || echo "prerequisites: all present"
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  echo "prerequisites: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 || true
  # shellcheck disable=SC2086
  $cmd -q >&2
else
  echo "error: missing Debian packages: ${missing[*]}" >&2
  echo "run:   sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
