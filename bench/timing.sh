# Shared by the bench scripts (sourced): wall time of one run of a
# command, and the median of the times given, for $work and $runs.

# Wall seconds of one run of a command (its exit code does not matter).
wall() {
  /usr/bin/time -f '%e' -o "$work/.time" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/.time"
}

# The median of space-separated times on standard input.
median() { tr ' ' '\n' | grep . | sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
