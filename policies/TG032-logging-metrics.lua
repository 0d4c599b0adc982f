-- TG032 logging.metrics: n/a without a diagnostic setting for the account; otherwise a
-- setting that targets it enables the platform metrics (category AllMetrics, with enabled
-- true or left out: null, false and anything that is not a boolean do not enable it).

-- Whether a log entry's `enabled` enables it: only true, or leaving it out, does.
-- Returns nil when it does, else a phrase saying why not.
local function not_enabled(v)
  if v == nil or v == true then return nil end
  if v == false then return "enabled set to false" end
  if tg.is_null(v) then return "enabled set to null, which is not true" end
  return "enabled set to " .. tg.show(v) .. ", which is not the boolean true"
end

-- "yes" | "no" | "unknown", with a message and path (relative to the setting) when not "yes".
local function all_metrics(s)
  local raw = tg.get(s, "properties.metrics")
  local metrics = tg.list(raw)
  if tg.is_unknown(metrics) then
    return "unknown", tg.unknown_text("metrics", metrics), "properties.metrics"
  end
  if metrics == nil then
    return "no", "has metrics that are not an array (" .. tg.show(raw) .. ")", "properties.metrics"
  end
  local pending, disabled, disabled_why = nil, nil, nil
  for i, entry in ipairs(metrics) do
    local path = string.format("properties.metrics[%d]", i)
    if tg.is_unknown(entry) then
      pending = pending or { tg.unknown_text(string.format("metrics[%d]", i), entry), path }
    elseif type(entry) == "table" then
      local cat = tg.get(entry, "category")
      local match = tg.ieq(cat, "AllMetrics")
      local maybe = nil
      if not match and tg.is_unknown(cat) then
        maybe = { tg.unknown_text(string.format("metrics[%d].category", i), cat), path .. ".category" }
      end
      if match or maybe then
        local enabled = tg.get(entry, "enabled")
        if tg.is_unknown(enabled) then
          pending = pending or { tg.unknown_text(string.format("metrics[%d].enabled", i), enabled), path .. ".enabled" }
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
    return "no", "lists AllMetrics with " .. disabled_why .. " (only true, or leaving enabled out, "
      .. "enables them)", disabled
  end
  if #metrics == 0 then
    return "no", "enables no metrics (category AllMetrics is needed)", "properties.metrics"
  end
  return "no", "does not enable the metrics (category AllMetrics)", "properties.metrics"
end

return {
  id = "TG032",
  name = "logging.metrics",
  severity = "low",
  title = "The diagnostic setting enables the platform metrics",
  rationale = "Translator's platform metrics (TotalCalls, BlockedCalls, TotalErrors, ServerErrors, "
    .. "ClientErrors, Latency, CharactersTranslated) kept only 93 days in Azure Monitor are lost for "
    .. "long-term trend and incident review unless a diagnostic setting exports them; a setting that is "
    .. "there anyway should send AllMetrics with the logs.",
  remediation = "In the account's diagnostic setting, enable the AllMetrics category (Terraform: an "
    .. "enabled_metric block with category AllMetrics).",
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
  -- No built-in asks for AllMetrics on Cognitive Services accounts: the DINE policies
  -- (55d1f543 and its siblings) deploy log category groups only.
  azure_policy = nil,
  mcsb = "LT-3",

  check = function(account, ctx)
    return acct.judge_diagnostic_settings(account, all_metrics, "AllMetrics")
  end,
}
