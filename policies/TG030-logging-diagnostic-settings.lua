-- TG030 logging.diagnostic-settings: a diagnostic setting targets the account, sends
-- to a destination (workspace, storage, event hub or partner) and enables audit logs
-- (category Audit, or category group audit or allLogs, with enabled true or left out:
-- null, false and anything that is not a boolean do not enable it).

local DESTINATIONS = { "workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId" }
local AUDIT_GROUPS = { "audit", "allLogs" }

-- Each check returns "yes" | "no" | "unknown", and a message and path (relative to the
-- setting) that say why when it is not "yes".
local function destination(s)
  local pending = nil
  for _, field in ipairs(DESTINATIONS) do
    local path = "properties." .. field
    local v = tg.get(s, path)
    if tg.is_unknown(v) then
      pending = pending or { tg.unknown_text(field, v), path }
    elseif type(v) == "string" and v:find("%S") then
      return "yes"
    end
  end
  if pending then return "unknown", pending[1], pending[2] end
  return "no", "has no destination (workspaceId, storageAccountId, eventHubAuthorizationRuleId or "
    .. "marketplacePartnerId)", "properties"
end

local function audit_logs(s)
  return acct.setting_enables(s, { list = "logs", categories = { "Audit" }, groups = AUDIT_GROUPS,
    listed = "the audit logs",
    empty = "enables no logs (category Audit, or category group audit or allLogs, is needed)",
    missing = "does not enable audit logs (category Audit, or category group audit or allLogs)" })
end

return {
  id = "TG030",
  name = "logging.diagnostic-settings",
  severity = "high",
  title = "A diagnostic setting sends the account's audit logs somewhere",
  rationale = "Without a diagnostic setting, the Translator account's resource logs (Audit: key and "
    .. "token access and management operations) are not kept anywhere, so misuse of a key or of the "
    .. "account cannot be investigated. The setting needs a destination and the Audit category (or the "
    .. "audit / allLogs category group) enabled.",
  remediation = "Add a Microsoft.Insights/diagnosticSettings extension resource scoped to the account, "
    .. "sending the audit category group (or allLogs) to a Log Analytics workspace, storage account or "
    .. "event hub.",
  arm_snippet = [[
{
  "type": "Microsoft.Insights/diagnosticSettings",
  "apiVersion": "2021-05-01-preview",
  "name": "translator-audit",
  "scope": "[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]",
  "dependsOn": ["[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]"],
  "properties": {
    "workspaceId": "[resourceId('Microsoft.OperationalInsights/workspaces', 'law-prod')]",
    "logs": [ { "categoryGroup": "audit", "enabled": true } ],
    "metrics": [ { "category": "AllMetrics", "enabled": true } ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_monitor_diagnostic_setting" "translator" {
  name                       = "translator-audit"
  target_resource_id         = azurerm_cognitive_account.translator.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.prod.id

  enabled_log {
    category_group = "audit"
  }
  enabled_metric {
    category = "AllMetrics"
  }
}]],
  -- "Resource logs should be enabled for Audit on supported resources": an enabled
  -- setting with category group audit or allLogs, as here. (1b4d1c4e, "Diagnostic logs
  -- in Azure AI services resources should be enabled", only asks for any log entry.)
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/187242f4-89c6-4c43-9a4e-188c0efacc5f",
  mcsb = "LT-3",

  check = function(account, ctx)
    local settings, undecided = links.diagnostic_settings(account)
    local unknowns, failure = {}, nil
    for _, s in ipairs(settings) do
      local name = links.name(s)
      local d, dmsg, dpath = destination(s)
      local a, amsg, apath = audit_logs(s)
      if d == "yes" and a == "yes" then
        return tg.pass("diagnostic setting '" .. name .. "' sends the audit logs to a destination")
      end
      if d == "no" or a == "no" then
        if not failure then
          if d == "no" then
            failure = { "diagnostic setting '" .. name .. "' " .. dmsg, dpath, s }
          else
            failure = { "diagnostic setting '" .. name .. "' " .. amsg, apath, s }
          end
        end
      else
        local msg, path = amsg, apath
        if d == "unknown" then msg, path = dmsg, dpath end
        unknowns[#unknowns + 1] = { "diagnostic setting '" .. name .. "': " .. msg, path, s }
      end
    end
    for _, u in ipairs(undecided) do
      unknowns[#unknowns + 1] = { "diagnostic setting '" .. links.name(u.resource) .. "' may target the "
        .. "account, but which account it targets is unknown: " .. u.reason, u.via, u.resource }
    end

    if #unknowns > 0 then
      local u = unknowns[1]
      local msg = u[1]
      if #unknowns > 1 then
        msg = msg .. string.format(" (and %d more undecided diagnostic setting(s))", #unknowns - 1)
      end
      if failure then msg = msg .. "; " .. failure[1] end
      return tg.unknown(msg, u[2], u[3])
    end
    if failure then
      return tg.fail(failure[1], failure[2], failure[3])
    end
    return tg.fail("no diagnostic setting in the input set targets the account, so its audit logs are not "
      .. "kept")
  end,
}
