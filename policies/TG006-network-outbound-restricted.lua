-- TG006 network.outbound-restricted: properties.restrictOutboundNetworkAccess is true;
-- allowedFqdnList may be empty (strictest) but must not hold `*` or a wildcard at a
-- public suffix (`*.com`, `*.co.uk`, `*.blob.core.windows.net`, ...).

local RESTRICT = "properties.restrictOutboundNetworkAccess"
local LIST = "properties.allowedFqdnList"

-- Public suffixes a leading `*.` must not sit on: every single-label name (a top-level
-- domain), common second-level registries, and the shared multi-tenant cloud domains from
-- the Public Suffix List's private section, where anyone can own a host name.
local SUFFIXES = {}
for s in ([[
co.uk org.uk gov.uk ac.uk me.uk ltd.uk plc.uk net.uk
com.au net.au org.au edu.au gov.au co.nz org.nz net.nz co.jp ne.jp or.jp ac.jp go.jp
co.kr or.kr com.br net.br org.br gov.br com.cn net.cn org.cn gov.cn com.hk com.sg com.tw
com.mx com.ar co.in net.in org.in co.za org.za com.tr com.pl co.il co.id com.my com.ph
com.vn com.ua com.sa com.eg
blob.core.windows.net file.core.windows.net queue.core.windows.net table.core.windows.net
dfs.core.windows.net web.core.windows.net core.windows.net servicebus.windows.net
azurewebsites.net scm.azurewebsites.net cloudapp.net cloudapp.azure.com azure-api.net
azure-mobile.net azureedge.net azurefd.net azurestaticapps.net trafficmanager.net
azurecontainer.io azurecr.io azurehdinsight.net
vault.azure.net documents.azure.com database.windows.net search.windows.net
cognitiveservices.azure.com openai.azure.com
amazonaws.com s3.amazonaws.com cloudfront.net elasticbeanstalk.com
appspot.com googleapis.com storage.googleapis.com firebaseapp.com web.app run.app
herokuapp.com github.io githubusercontent.com gitlab.io netlify.app vercel.app pages.dev
workers.dev ngrok.io ngrok-free.app blogspot.com
]]):gmatch("%S+") do SUFFIXES[s] = true end

-- "pass" | "fail" | "unknown", message for one list entry.
local function entry(v, i)
  local where = "allowedFqdnList[" .. i .. "]"
  if tg.is_unknown(v) then return "unknown", tg.unknown_text(where, v) end
  if type(v) ~= "string" then
    return "fail", where .. " is " .. tg.show(v) .. ", not a host name"
  end
  local host = tg.trim(v):lower()
  if host:sub(-1) == "." then host = host:sub(1, -2) end
  if host == "" then
    return "fail", where .. " is empty"
  end
  if host == "*" or host == "*." then
    return "fail", where .. " is " .. tg.show(v) .. ": it allows every destination, which undoes the restriction"
  end
  if host:sub(1, 2) == "*." then
    local rest = host:sub(3)
    if rest:find("*", 1, true) then
      return "fail", where .. " is " .. tg.show(v) .. ": only one leading \"*.\" label is a wildcard the list can use"
    end
    if not rest:find(".", 1, true) or SUFFIXES[rest] then
      return "fail", where .. " is " .. tg.show(v) .. ": a wildcard at the public suffix \"" .. rest
        .. "\" allows hosts anyone can register or create, so data can leave to any of them"
    end
    return "pass"
  end
  if host:find("*", 1, true) then
    return "fail", where .. " is " .. tg.show(v) .. ": a wildcard is only allowed as a leading \"*.\" label"
  end
  return "pass"
end

return {
  id = "TG006",
  name = "network.outbound-restricted",
  severity = "medium",
  title = "Outbound network access is restricted to an allow-list",
  rationale = "A Translator account calls out to other services (storage for Document Translation, "
    .. "Custom Translator data). With restrictOutboundNetworkAccess the service reaches only the host "
    .. "names in allowedFqdnList, so a compromised key, a mistaken SAS URL or an insider cannot send "
    .. "documents and translations to an arbitrary destination (data-loss prevention).",
  remediation = "Set properties.restrictOutboundNetworkAccess to true and list in allowedFqdnList only the "
    .. "exact host names the account must reach (e.g. your storage account's blob endpoint); leave the list "
    .. "empty when it needs none. Never list \"*\" or a wildcard at a public suffix.",
  arm_snippet = [[
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "westeurope",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "properties": {
    "customSubDomainName": "tr-prod",
    "restrictOutboundNetworkAccess": true,
    "allowedFqdnList": [ "sttranslatorprod.blob.core.windows.net" ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name                               = "tr-prod"
  location                           = "westeurope"
  resource_group_name                = azurerm_resource_group.rg.name
  kind                               = "TextTranslation"
  sku_name                           = "S1"
  custom_subdomain_name              = "tr-prod"
  outbound_network_access_restricted = true
  fqdns                              = ["sttranslatorprod.blob.core.windows.net"]
}]],
  -- Azure Policy's "Cognitive Services accounts should restrict network access" (037eea7a)
  -- judges networkAcls, not outbound access; no built-in audits restrictOutboundNetworkAccess.
  azure_policy = nil,
  mcsb = "DP-2",

  check = function(account, ctx)
    local r = tg.get(account, RESTRICT)
    if tg.is_unknown(r) then
      return tg.unknown(tg.unknown_text("restrictOutboundNetworkAccess", r), RESTRICT)
    end
    if r ~= true then
      local list = tg.get(account, LIST)
      local extra = ""
      if type(list) == "table" and next(list) ~= nil then
        extra = "; allowedFqdnList is set but does nothing while outbound access is not restricted"
      end
      if tg.is_unset(r) then
        return tg.fail("restrictOutboundNetworkAccess is not set, so the account may send data to any "
          .. "destination (the service default)" .. extra, RESTRICT)
      end
      if r == false then
        return tg.fail("restrictOutboundNetworkAccess is false: the account may send data to any destination"
          .. extra, RESTRICT)
      end
      return tg.fail("restrictOutboundNetworkAccess is " .. tg.show(r) .. ", not the boolean true" .. extra,
        RESTRICT)
    end
    local raw = tg.get(account, LIST)
    if tg.is_unknown(raw) then
      return tg.unknown(tg.unknown_text("allowedFqdnList", raw), LIST)
    end
    local list, what = tg.list(raw)
    if list == nil then
      return tg.fail("allowedFqdnList is " .. tg.show(raw) .. " (" .. tostring(what) .. "), not a list of host "
        .. "names", LIST)
    end
    if #list == 0 then
      return tg.pass("outbound network access is restricted and no destination is allowed (the strictest "
        .. "setting)")
    end
    local pending = nil
    for i = 1, #list do
      local status, msg = entry(list[i], i)
      if status == "fail" then
        return tg.fail(msg, LIST .. "[" .. i .. "]")
      elseif status == "unknown" and not pending then
        pending = { msg, LIST .. "[" .. i .. "]" }
      end
    end
    if pending then return tg.unknown(pending[1], pending[2]) end
    local shown = {}
    for i = 1, #list do
      if i > 5 then shown[#shown + 1] = (#list - 5) .. " more"; break end
      shown[i] = tg.show(list[i])
    end
    return tg.pass("outbound network access is restricted to " .. tg.join(shown))
  end,
}
