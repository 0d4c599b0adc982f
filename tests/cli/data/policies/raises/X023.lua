-- A policy that raises: an error result naming the policy file and line.
return { id = "X023", name = "custom.raises", severity = "medium", title = "Raises",
  check = function(account, ctx)
    error("cannot read " .. account.address)
  end }
