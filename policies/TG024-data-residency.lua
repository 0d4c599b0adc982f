-- TG024 data.residency: with settings.allowed_locations, the account's location is listed
-- (`global` only when listed); without it, a `global` account fails (low impact: requests
-- may be processed outside your geography) and any region passes.

local function norm(s)
  return (tg.trim(s):lower():gsub("%s+", ""))
end

return {
  id = "TG024",
  name = "data.residency",
  severity = "medium",
  title = "The account is deployed in an allowed region",
  rationale = "Where a Translator account is deployed decides where its requests are processed. A global "
    .. "account sends each request to the closest data center, and after a data center failure a request "
    .. "may be routed outside your geography; a regional account keeps processing in its region (or "
    .. "geography), as data residency commitments require.",
  remediation = "Deploy the account in a region (e.g. \"westeurope\", \"switzerlandnorth\") that your data "
    .. "residency rules allow, list the allowed regions in settings.allowed_locations of .transguard.yaml, "
    .. "and call the account's regional or custom endpoint rather than the global one.",
  arm_snippet = [[
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "switzerlandnorth",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "properties": {
    "customSubDomainName": "tr-prod"
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name                  = "tr-prod"
  location              = "switzerlandnorth"
  resource_group_name   = azurerm_resource_group.rg.name
  kind                  = "TextTranslation"
  sku_name              = "S1"
  custom_subdomain_name = "tr-prod"
}]],
  -- "Allowed locations" (e56962a6) skips `global`, so it cannot enforce this rule's
  -- treatment of global accounts.
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c",
  mcsb = nil,

  check = function(account, ctx)
    local loc = tg.get(account, "location")
    if tg.is_unknown(loc) then
      return tg.unknown(tg.unknown_text("location", loc), "location")
    end
    if type(loc) ~= "string" or tg.trim(loc) == "" then
      return tg.unknown((tg.is_unset(loc) and "location is not set" or "location is " .. tg.show(loc)
        .. ", not a location name") .. ", so where the account processes requests is not known", "location")
    end
    local here = norm(loc)
    local allowed = ctx.settings and ctx.settings.allowed_locations
    if allowed ~= nil then
      local names = {}
      for i = 1, #allowed do
        if type(allowed[i]) == "string" then
          if norm(allowed[i]) == here then
            return tg.pass("location " .. tg.show(loc) .. " is in settings.allowed_locations")
          end
          names[#names + 1] = allowed[i]
        end
      end
      local list = #names == 0 and "is empty, so no location is allowed"
        or "allows only " .. tg.join(names, "or")
      local extra = here == "global" and " (a global account processes requests in any geography; list "
        .. "\"global\" explicitly to allow it)" or ""
      return tg.fail("location " .. tg.show(loc) .. " is not allowed: settings.allowed_locations " .. list
        .. extra, "location")
    end
    if here == "global" then
      return tg.fail("low impact: the account is global, so requests may be processed outside your geography; "
        .. "deploy it in a region, or configure settings.allowed_locations (list \"global\" there to accept it)",
        "location")
    end
    return tg.pass("the account is regional (" .. tg.show(loc) .. "); no allowed_locations are configured, "
      .. "so any region is accepted")
  end,
}
