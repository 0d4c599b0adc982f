-- attempts: write to stdout, where the JSON/SARIF reports go.
-- expect: attempt to call a nil value (global 'print')
print("corrupt the report")
