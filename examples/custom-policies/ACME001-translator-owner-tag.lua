-- ACME001 governance.owner-tag: every Translator account names its owning team in an
-- `owner` tag, so that an alert about it reaches someone. An example of a custom rule
-- (see docs/policies.md); test it with `transguard test examples/custom-policies`.
return {
  id = "ACME001",
  name = "governance.owner-tag",
  severity = "low",
  title = "The account names its owning team in an owner tag",
  rationale = "Findings and alerts about an account need someone to act on them.",
  remediation = "Add a tag \"owner\" with the team's name or mailbox.",
  arm_snippet = [[ "tags": { "owner": "team-translation" } ]],
  terraform_snippet = [[ tags = { owner = "team-translation" } ]],
  check = function(account, ctx)
    local owner = tg.get(account, "tags.owner")
    if tg.is_unknown(owner) then
      return tg.unknown(tg.unknown_text("the owner tag", owner), "tags.owner")
    end
    if type(owner) == "string" and tg.trim(owner) ~= "" then
      return tg.pass("owned by " .. owner)
    end
    return tg.fail("no owner tag names the team that owns this account", "tags")
  end,
}
