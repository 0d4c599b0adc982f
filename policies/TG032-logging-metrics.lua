-- TG032 logging.metrics: n/a without a diagnostic setting for the account; otherwise a
-- setting that targets it enables the platform metrics (category AllMetrics, with enabled
-- true or left out: null, false and anything that is not a boolean do not enable it).

-- "yes" | "no" | "unknown", with a message and path (relative to the setting) when not "yes".
local function all_metrics(s)
  return acct.setting_enables(s, { list = "metrics", categories = { "AllMetrics" },
    listed = "AllMetrics",
    empty = "enables no metrics (category AllMetrics is needed)",
    missing = "does not enable the metrics (category AllMetrics)" })
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
