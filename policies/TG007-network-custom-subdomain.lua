-- TG007 network.custom-subdomain: properties.customSubDomainName is set, 2-64
-- characters of letters, digits and '-', neither starting nor ending with '-' (it becomes
-- a DNS label: <name>.cognitiveservices.azure.com). The message says which of
-- the features that need it (private endpoint, network ACLs, Entra ID only) the
-- account uses.

local PATH = "properties.customSubDomainName"

-- The features of the account that need a custom subdomain, as phrases.
local function needs(account)
  local uses = {}
  local connected, undecided = links.private_endpoints(account)
  if #connected > 0 then
    uses[#uses + 1] = "a private endpoint"
  elseif #undecided > 0 then
    uses[#uses + 1] = "possibly a private endpoint"
  end
  local acls = tg.get(account, "properties.networkAcls")
  if type(acls) == "table" then
    local ips = tg.list(tg.get(acls, "ipRules"))
    local vnets = tg.list(tg.get(acls, "virtualNetworkRules"))
    if tg.ieq(tg.get(acls, "defaultAction"), "Deny") or (type(ips) == "table" and #ips > 0)
        or (type(vnets) == "table" and #vnets > 0) or tg.is_unknown(ips) or tg.is_unknown(vnets) then
      uses[#uses + 1] = "network ACLs"
    end
  end
  if tg.get(account, "properties.disableLocalAuth") == true then
    uses[#uses + 1] = "Entra ID only authentication (disableLocalAuth)"
  end
  return uses
end

local function uses_text(uses)
  if #uses == 0 then
    return "the account uses none of private endpoints, network ACLs or Entra ID only authentication yet, "
      .. "all of which need it"
  end
  return "the account uses " .. tg.join(uses) .. ", which need" .. (#uses == 1 and "s" or "") .. " it"
end

return {
  id = "TG007",
  name = "network.custom-subdomain",
  severity = "high",
  title = "The account has a valid custom subdomain",
  rationale = "Private endpoints, network ACLs and Microsoft Entra ID tokens all work only through the "
    .. "account's custom endpoint (https://<customSubDomainName>.cognitiveservices.azure.com): without a "
    .. "custom subdomain, a network-restricted or Entra-only Translator cannot be called, and the name "
    .. "cannot be changed once it is set. The name becomes a DNS label: 2-64 letters, digits and hyphens, "
    .. "neither starting nor ending with a hyphen.",
  remediation = "Set properties.customSubDomainName to a globally unique name, usually the account's own "
    .. "name, when the account is created.",
  arm_snippet = [[
"properties": {
  "customSubDomainName": "tr-prod",
  "publicNetworkAccess": "Disabled",
  "disableLocalAuth": true
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  # ...
  custom_subdomain_name = "tr-prod"
}]],
  azure_policy = nil, -- no built-in policy checks customSubDomainName
  mcsb = nil,

  check = function(account, ctx)
    local v = tg.get(account, PATH)
    if tg.is_unknown(v) then
      return tg.unknown(tg.unknown_text("customSubDomainName", v), PATH)
    end
    local uses = needs(account)
    if tg.is_unset(v) or v == "" then
      return tg.fail("customSubDomainName is not set; " .. uses_text(uses), PATH)
    end
    if type(v) ~= "string" then
      return tg.fail("customSubDomainName is " .. tg.show(v) .. ", not a name; " .. uses_text(uses), PATH)
    end
    -- Everything a DNS label forbids, all of it named at once.
    local problems = {}
    if #v < 2 or #v > 64 then
      problems[#problems + 1] = string.format("is %d character%s long; it must be 2 to 64", #v,
        #v == 1 and "" or "s")
    end
    if v:find("[^A-Za-z0-9%-]") then
      problems[#problems + 1] = "may hold only letters, digits and '-'"
        .. (v:find("%s") and " (it holds white space)" or "")
    end
    if v:sub(1, 1) == "-" then
      problems[#problems + 1] = "must not start with '-' (a DNS label cannot)"
    end
    if #v > 1 and v:sub(-1) == "-" then
      problems[#problems + 1] = "must not end with '-' (a DNS label cannot)"
    end
    if #problems > 0 then
      return tg.fail("customSubDomainName " .. tg.show(v) .. " " .. table.concat(problems, ", ") .. "; "
        .. uses_text(uses), PATH)
    end
    local msg = "customSubDomainName " .. tg.show(v) .. " is set"
    if #uses > 0 then msg = msg .. " (the account uses " .. tg.join(uses) .. ")" end
    return tg.pass(msg)
  end,
}
