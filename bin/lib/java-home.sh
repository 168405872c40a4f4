# Sourced by mvnw, bin/chartbox and .ci/run: points JAVA_HOME at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise picks the newest JDK installed
# in the usual system folders (Temurin, OpenJDK, SDKMAN). chartbox needs 21+ (Spring Boot 4,
# Chicory's compiler); it is built and tested on 25.

chartbox_java_major() { # $1 = a java binary; prints its feature version (17, 21, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

chartbox_select_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] &&
     [ "$(chartbox_java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best="" best_major=0
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
              "$HOME"/.sdkman/candidates/java/* /opt/java/*; do
    [ -x "$home/bin/javac" ] || continue
    major=$(chartbox_java_major "$home/bin/java")
    [ -n "$major" ] || continue
    # LTS releases only (21, 25, 29, ...): a newer non-LTS JDK is not what we test on.
    if [ "$major" -ge 21 ] && [ $(( (major - 21) % 4 )) -eq 0 ] && [ "$major" -gt "$best_major" ]; then
      best="$home" best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "chartbox: no JDK 21 or newer found; install one (e.g. Temurin 25) or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
