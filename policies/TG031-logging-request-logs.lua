-- TG031 logging.request-logs: n/a without a diagnostic setting for the account; otherwise a
-- setting that targets it enables the request logs (category RequestResponse, or category
-- group allLogs, with enabled true or left out: null, false and anything that is not a
-- boolean do not enable it). The destination is TG030's business, not this rule's.

-- Whether a log entry's `enabled` enables it: only true, or leaving it out, does.
-- Returns nil when it does, else a phrase saying why not.
local function not_enabled(v)
  if v == nil or v == true then return nil end
  if v == false then return "enabled set to false" end
  if tg.is_null(v) then return "enabled set to null, which is not true" end
  return "enabled set to " .. tg.show(v) .. ", which is not the boolean true"
end

-- "yes" | "no" | "unknown", with a message and path (relative to the setting) when not "yes".
local function request_logs(s)
  local raw = tg.get(s, "properties.logs")
  local logs = tg.list(raw)
  if tg.is_unknown(logs) then
    return "unknown", tg.unknown_text("logs", logs), "properties.logs"
  end
  if logs == nil then
    return "no", "has logs that are not an array (" .. tg.show(raw) .. ")", "properties.logs"
  end
  local pending, disabled, disabled_why = nil, nil, nil
  for i, entry in ipairs(logs) do
    local path = string.format("properties.logs[%d]", i)
    if tg.is_unknown(entry) then
      pending = pending or { tg.unknown_text(string.format("logs[%d]", i), entry), path }
    elseif type(entry) == "table" then
      local cat = tg.get(entry, "category")
      local group = tg.get(entry, "categoryGroup")
      local match = tg.ieq(cat, "RequestResponse") or tg.ieq(group, "allLogs")
      local maybe = nil
      if not match then
        if tg.is_unknown(cat) then
          maybe = { tg.unknown_text(string.format("logs[%d].category", i), cat), path .. ".category" }
        elseif tg.is_unknown(group) then
          maybe = { tg.unknown_text(string.format("logs[%d].categoryGroup", i), group), path .. ".categoryGroup" }
        end
      end
      if match or maybe then
        local enabled = tg.get(entry, "enabled")
        if tg.is_unknown(enabled) then
          pending = pending or { tg.unknown_text(string.format("logs[%d].enabled", i), enabled), path .. ".enabled" }
        elseif not_enabled(enabled) then
          if match and not disabled then disabled, disabled_why = path .. ".enabled", not_enabled(enabled) end
        elseif match then
          return "yes"
        else
          pending = pending or maybe
        end
      end
    end
  end
  if pending then return "unknown", pending[1], pending[2] end
  if disabled then
    return "no", "lists the request logs with " .. disabled_why .. " (only true, or leaving enabled out, "
      .. "enables them)", disabled
  end
  if #logs == 0 then
    return "no", "enables no logs (category RequestResponse, or category group allLogs, is needed)",
      "properties.logs"
  end
  return "no", "does not enable the request logs (category RequestResponse, or category group allLogs)",
    "properties.logs"
end

return {
  id = "TG031",
  name = "logging.request-logs",
  severity = "medium",
  title = "The diagnostic setting enables the request logs",
  rationale = "The RequestResponse category records each call to the Translator account (operation, "
    .. "caller IP, result, duration), which is what shows abuse of a leaked key or an unexpected "
    .. "caller; the audit category alone records only key and management operations. A diagnostic "
    .. "setting that is there anyway should enable it, by category or through the allLogs group.",
  remediation = "In the account's diagnostic setting, enable the allLogs category group (or the "
    .. "RequestResponse category) next to audit.",
  arm_snippet = [[
{
  "type": "Microsoft.Insights/diagnosticSettings",
  "apiVersion": "2021-05-01-preview",
  "name": "translator-logs",
  "scope": "[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]",
  "dependsOn": ["[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]"],
  "properties": {
    "workspaceId": "[resourceId('Microsoft.OperationalInsights/workspaces', 'law-prod')]",
    "logs": [ { "categoryGroup": "allLogs", "enabled": true } ],
    "metrics": [ { "category": "AllMetrics", "enabled": true } ]
  }
}]],
  terraform_snippet = [[
resource "azurerm_monitor_diagnostic_setting" "translator" {
  name                       = "translator-logs"
  target_resource_id         = azurerm_cognitive_account.translator.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.prod.id

  enabled_log {
    category_group = "allLogs"
  }
  enabled_metric {
    category = "AllMetrics"
  }
}]],
  -- No built-in asks for the RequestResponse category: the Cognitive Services DINE policies
  -- (55d1f543 and its siblings) deploy a category group, and 1b4d1c4e asks for any log.
  azure_policy = nil,
  mcsb = "LT-3",

  check = function(account, ctx)
    return acct.judge_diagnostic_settings(account, request_logs, "the request logs")
  end,
}
