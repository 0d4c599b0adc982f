# Reads `transguard check --format json --show-passed` output and prints one line per
# account: "<address> not-checked" for the accounts a file declares but does not check, and
# "<address> <rule> <status>" per result, in output order. Relies on the reporter printing
# one member per line, which it always does.
function value(line) { sub(/^[^:]*:[ \t]*"/, "", line); sub(/",?[ \t]*$/, "", line); return line }
/"results":/                { in_results = 1 }
!in_results && /"address":/ { print value($0) " not-checked" }
!in_results                 { next }
/"rule":/                   { rule = value($0) }
/"status":/                 { status = value($0) }
/"address":/                { print value($0) " " rule " " status }
