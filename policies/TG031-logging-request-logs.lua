-- TG031 logging.request-logs: n/a without a diagnostic setting for the account; otherwise a
-- setting that targets it enables the request logs (category RequestResponse, or category
-- group allLogs, with enabled true or left out: null, false and anything that is not a
-- boolean do not enable it). The destination is TG030's business, not this rule's.

-- "yes" | "no" | "unknown", with a message and path (relative to the setting) when not "yes".
local function request_logs(s)
  return acct.setting_enables(s, { list = "logs", categories = { "RequestResponse" }, groups = { "allLogs" },
    listed = "the request logs",
    empty = "enables no logs (category RequestResponse, or category group allLogs, is needed)",
    missing = "does not enable the request logs (category RequestResponse, or category group allLogs)" })
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
