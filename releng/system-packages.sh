#!/usr/bin/env bash
# The one place that installs the system packages the build and the scripts need beyond a
# JDK (Maven and every Java library come from Maven Central through ./mvnw). Each need is
# a probe (a command or a shared library that must be found) and the Debian package that
# provides it; the probes, not the package names, decide, so any distribution that provides
# the files passes.
#
#   releng/system-packages.sh NEED...
#
#   gtk        GTK 3: SWT, the Eclipse widget toolkit, loads libgtk-3 and libgdk-3 when
#              the workbench starts (workbench tests, trial IDE, screenshot), then ATK,
#              cairo, pango and fontconfig, which the GTK package depends on. (SWT's other
#              native libraries, WebKit for the Browser widget and GL, load only on use;
#              Thermogen uses neither.) Debian 12 names the package libgtk-3-0, Debian 13
#              libgtk-3-0t64.
#   xvfb       Xvfb: the virtual display the workbench tests and the screenshot run on.
#   sklearn    scikit-learn, NumPy, threadpoolctl for /usr/bin/python3: the references of
#              releng/bench/gmm-vs-sklearn.sh and rbm-vs-sklearn.sh.
#   torch      PyTorch, NumPy, threadpoolctl for /usr/bin/python3: the references of
#              releng/bench/vae-vs-torch.sh and diffusion-vs-torch.sh.
#
# What is missing is installed with apt-get when running as root (after `apt-get update`
# when the package index is empty or out of date). Otherwise it stops with one line naming
# the exact command to run. Prints nothing when everything is present.
set -euo pipefail

python=/usr/bin/python3
missing_packages=()
missing_what=()

has_library() { /sbin/ldconfig -p 2>/dev/null | grep -q "[[:space:]]$1 " || ldconfig -p 2>/dev/null | grep -q "[[:space:]]$1 "; }
has_command() { command -v "$1" >/dev/null 2>&1; }
has_python_module() { [ -x "$python" ] && "$python" -c "import $1" >/dev/null 2>&1; }

# The first of the names that the package index knows (Debian 13 renamed many libraries
# with a t64 suffix); the first name when no index can tell.
debian_name() {
  local name
  if has_command apt-cache; then
    for name in "$@"; do
      if apt-cache show "$name" >/dev/null 2>&1; then echo "$name"; return; fi
    done
  fi
  echo "$1"
}

need() { # need PROBE-KIND PROBE WHAT DEBIAN-NAME [OTHER-NAME...]
  local kind="$1" probe="$2" what="$3"
  shift 3
  case "$kind" in
    library) has_library "$probe" && return ;;
    command) has_command "$probe" && return ;;
    python) has_python_module "$probe" && return ;;
  esac
  [[ " ${missing_what[*]} " == *" $what "* ]] && return  # asked for by two needs
  missing_what+=("$what")
  missing_packages+=("$(debian_name "$@")")
}

check() {
  missing_packages=()
  missing_what=()
  local group
  for group in "$@"; do
    case "$group" in
      gtk)
        need library libgtk-3.so.0 "GTK 3 (libgtk-3.so.0) for SWT" libgtk-3-0t64 libgtk-3-0 ;;
      xvfb)
        need command Xvfb "Xvfb for a virtual display" xvfb ;;
      sklearn)
        need python numpy "NumPy for $python" python3-numpy
        need python sklearn "scikit-learn for $python" python3-sklearn
        need python scipy "SciPy for $python (Onsager's exact Ising energy)" python3-scipy
        need python threadpoolctl "threadpoolctl for $python" python3-threadpoolctl ;;
      torch)
        need python numpy "NumPy for $python" python3-numpy
        need python torch "PyTorch for $python" python3-torch
        need python threadpoolctl "threadpoolctl for $python" python3-threadpoolctl ;;
      *)
        echo "thermogen: releng/system-packages.sh: unknown need '$group' (gtk, xvfb, sklearn, torch)" >&2
        exit 2 ;;
    esac
  done
}

check "$@"
[ ${#missing_packages[@]} -eq 0 ] && exit 0

packages=("${missing_packages[@]}")
what="$(printf '%s, ' "${missing_what[@]}")"
what="${what%, }"
command_line="apt-get install -y --no-install-recommends ${packages[*]}"

if ! has_command apt-get; then
  echo "thermogen: missing $what: install them with your distribution's packages (on Debian: $command_line)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "thermogen: missing $what: run  sudo $command_line" >&2
  exit 1
fi

echo "thermogen: installing $what ($command_line)" >&2
export DEBIAN_FRONTEND=noninteractive
index_empty() { ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if index_empty; then
  apt-get update -q >"$log" 2>&1 || { cat "$log" >&2; echo "thermogen: apt-get update failed" >&2; exit 1; }
fi
# A stale index names versions the mirror no longer has: update once and try again.
if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >"$log" 2>&1; then
  apt-get update -q >"$log" 2>&1 || { cat "$log" >&2; echo "thermogen: apt-get update failed" >&2; exit 1; }
  if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >"$log" 2>&1; then
    tail -20 "$log" >&2
    echo "thermogen: could not install ${packages[*]} ($command_line failed; see above)" >&2
    exit 1
  fi
fi

# The probes decide: a package that installed but does not provide what was missing is an error.
check "$@"
if [ ${#missing_packages[@]} -ne 0 ]; then
  echo "thermogen: installed ${packages[*]}, but still missing $(printf '%s, ' "${missing_what[@]}" | sed 's/, $//')" >&2
  exit 1
fi
