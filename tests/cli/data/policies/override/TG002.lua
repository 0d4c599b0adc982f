-- Replaces the shipped TG002: proves that --policy-dir overrides by id.
return {
  id = "TG002", name = "network.public-access-disabled", severity = "high",
  title = "Overridden public access rule",
  check = function(account, ctx)
    return tg.fail("custom TG002 from --policy-dir", "properties.publicNetworkAccess")
  end,
}
