#!/usr/bin/env bash
# Checks (and, as root, installs) what WakeWord needs beyond the .NET 10 SDK.
# Usage: scripts/prereqs.sh [--quiet] [--extra-voices]
#   --extra-voices  also the MBROLA, SVOX Pico and RHVoice voices of `data synth --extra-voices` (Debian contrib and
#                   non-free; as root the script adds those components to apt's sources when they are missing)
set -euo pipefail
quiet=0; extra=0
for a in "$@"; do
  case "$a" in
    --quiet) quiet=1 ;;
    --extra-voices) extra=1 ;;
    *) echo "error: unknown option $a (usage: scripts/prereqs.sh [--quiet] [--extra-voices])" >&2; exit 2 ;;
  esac
done
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
extra_pkgs=(
  "mbrola:/usr/bin/mbrola"
  "mbrola-en1:/usr/share/mbrola/en1/en1"
  "mbrola-us1:/usr/share/mbrola/us1/us1"
  "mbrola-us2:/usr/share/mbrola/us2/us2"
  "mbrola-us3:/usr/share/mbrola/us3/us3"
  "libttspico-utils:/usr/bin/pico2wave"
  "rhvoice:/usr/bin/RHVoice-test"
  "rhvoice-english:/usr/share/RHVoice/voices/bdl/voice.info"
)
[ $extra = 1 ] && pkgs+=("${extra_pkgs[@]}")
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
  [ $quiet = 1 ] || echo "prerequisites: all present"
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  echo "prerequisites: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if [ $extra = 1 ] && ! apt-cache policy libttspico-utils 2>/dev/null | grep -q "Candidate: [0-9]"; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    echo "prerequisites: adding Debian contrib and non-free ($codename) to apt's sources for the extra voices" >&2
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: contrib non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$codename" > /etc/apt/sources.list.d/wakeword-contrib-non-free.sources
  fi
  apt-get update -q >&2 || true
  # shellcheck disable=SC2086
  $cmd -q >&2
else
  echo "error: missing Debian packages: ${missing[*]}" >&2
  [ $extra = 1 ] && echo "(the extra voices are in Debian's contrib and non-free components: enable them in apt's sources first)" >&2
  echo "run:   sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
