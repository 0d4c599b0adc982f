# Reads `transguard check --format json --show-passed` output and prints one line per
# result: "<address> <rule> <status>", in output order. Relies on the reporter printing
# one member per line, which it always does.
/"rule":/     { rule = $0; sub(/.*"rule":[ \t]*"/, "", rule); sub(/".*/, "", rule) }
/"status":/   { status = $0; sub(/.*"status":[ \t]*"/, "", status); sub(/".*/, "", status) }
/"address":/  { addr = $0; sub(/.*"address":[ \t]*"/, "", addr); sub(/",?[ \t]*$/, "", addr)
                print addr " " rule " " status }
