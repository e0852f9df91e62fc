# Sourced by ./thermogen and .ci/run: finds a JDK (17 or newer, with javac, which the
# command line needs to compile generated models) and exports JAVA_HOME for ./mvnw.
# Order: $JAVA_HOME if it holds a JDK, then the javac on PATH.
thermogen_find_jdk() {
  local home=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    home="$JAVA_HOME"
  elif command -v javac >/dev/null 2>&1; then
    home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  if [ -z "$home" ]; then
    echo "thermogen: no JDK found: install JDK 17 or newer and set JAVA_HOME" >&2
    return 1
  fi
  local version
  version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "thermogen: $home is Java $version; Thermogen needs JDK 17 or newer (set JAVA_HOME)" >&2
    return 1
  fi
  export JAVA_HOME="$home"
}
thermogen_find_jdk
