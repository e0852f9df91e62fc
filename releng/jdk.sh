# Sourced by ./thermogen and .ci/run: finds a JDK and exports JAVA_HOME for ./mvnw.
# The runtime, language and command line need a JDK 17 or newer (with javac: the command
# line compiles generated models). The Eclipse bundles are built by Tycho, which needs a
# JDK 21 or newer; the root pom adds them to the build only on such a JDK. So a JDK >= 21
# is preferred wherever one is installed.
# Candidates, in order: $JAVA_HOME, the javac on PATH, /usr/lib/jvm/*. The first that is
# 21 or newer wins; failing that, the first that is 17 or newer. THERMOGEN_MIN_JDK (e.g.
# 21, as .ci/run sets it) makes anything older an error. Exports THERMOGEN_JDK_VERSION too.
thermogen_jdk_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | sed 's/\..*//'
}

thermogen_find_jdk() {
  local min="${THERMOGEN_MIN_JDK:-17}" candidates=() home version fallback=""
  if [ -n "${JAVA_HOME:-}" ]; then candidates+=("$JAVA_HOME"); fi
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] && [ -x "$home/bin/java" ] || continue
    version="$(thermogen_jdk_version "$home")"
    [ -n "$version" ] || continue
    if [ "$version" -ge 21 ] && [ "$version" -ge "$min" ]; then
      export JAVA_HOME="$home" THERMOGEN_JDK_VERSION="$version"
      return 0
    fi
    if [ -z "$fallback" ] && [ "$version" -ge 17 ] && [ "$version" -ge "$min" ]; then
      fallback="$home"
    fi
  done
  if [ -n "$fallback" ]; then
    export JAVA_HOME="$fallback" THERMOGEN_JDK_VERSION="$(thermogen_jdk_version "$fallback")"
    return 0
  fi
  if [ "$min" -ge 21 ]; then
    echo "thermogen: no JDK $min or newer found; the Eclipse bundles (Tycho) need one: install e.g. Debian's openjdk-21-jdk or Temurin 25, and set JAVA_HOME" >&2
  else
    echo "thermogen: no JDK found: install JDK 17 or newer (21 or newer also builds the Eclipse bundles) and set JAVA_HOME" >&2
  fi
  return 1
}
thermogen_find_jdk
