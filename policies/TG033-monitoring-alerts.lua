-- TG033 monitoring.alerts: a metric alert in the input set has the account in its scopes
-- and is not disabled (properties.enabled not false; Terraform `enabled`, default true).

-- "yes" | "no" | "unknown", and why when not "yes".
local function enabled(alert)
  local v = tg.get(alert, "properties.enabled")
  if tg.is_unknown(v) then return "unknown", tg.unknown_text("enabled", v) end
  if v == false then return "no", "is disabled (enabled set to false)" end
  return "yes"
end

return {
  id = "TG033",
  name = "monitoring.alerts",
  severity = "medium",
  title = "An enabled metric alert watches the account",
  rationale = "Without a metric alert on the Translator account, a spike of blocked calls, errors or "
    .. "latency, or an unexpected surge of calls from a leaked key, goes unnoticed until someone "
    .. "looks. An alert rule scoped to the account (on TotalCalls, BlockedCalls, TotalErrors, "
    .. "ServerErrors, ClientErrors or Latency) tells the operators when it happens.",
  remediation = "Add a Microsoft.Insights/metricAlerts resource (Terraform azurerm_monitor_metric_alert) "
    .. "whose scopes name the account, on a metric such as TotalErrors or BlockedCalls, and leave it "
    .. "enabled.",
  arm_snippet = [[
{
  "type": "Microsoft.Insights/metricAlerts",
  "apiVersion": "2018-03-01",
  "name": "tr-prod-errors",
  "location": "global",
  "dependsOn": ["[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]"],
  "properties": {
    "severity": 2,
    "enabled": true,
    "scopes": ["[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]"],
    "evaluationFrequency": "PT5M",
    "windowSize": "PT15M",
    "criteria": {
      "odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
      "allOf": [
        {
          "name": "errors",
          "metricName": "TotalErrors",
          "operator": "GreaterThan",
          "threshold": 10,
          "timeAggregation": "Total",
          "criterionType": "StaticThresholdCriterion"
        }
      ]
    }
  }
}]],
  terraform_snippet = [[
resource "azurerm_monitor_metric_alert" "translator_errors" {
  name                = "tr-prod-errors"
  resource_group_name = "rg-translator"
  scopes              = [azurerm_cognitive_account.translator.id]
  severity            = 2

  criteria {
    metric_namespace = "Microsoft.CognitiveServices/accounts"
    metric_name      = "TotalErrors"
    aggregation      = "Total"
    operator         = "GreaterThan"
    threshold        = 10
  }
}]],
  mcsb = "LT-1",

  check = function(account, ctx)
    local alerts, undecided = links.metric_alerts(account)
    local unknowns, failure = {}, nil
    for _, a in ipairs(alerts) do
      local name = links.name(a)
      local e, why = enabled(a)
      if e == "yes" then
        return tg.pass("metric alert '" .. name .. "' watches the account and is enabled")
      elseif e == "no" then
        failure = failure or { "metric alert '" .. name .. "' " .. why, "properties.enabled", a }
      else
        unknowns[#unknowns + 1] = { "metric alert '" .. name .. "': " .. why, "properties.enabled", a }
      end
    end
    for _, u in ipairs(undecided) do
      unknowns[#unknowns + 1] = { "metric alert '" .. links.name(u.resource) .. "' may watch the "
        .. "account, but which resources it watches is unknown: " .. u.reason, u.via, u.resource }
    end
    if #unknowns > 0 then
      local u = unknowns[1]
      local msg = u[1]
      if #unknowns > 1 then
        msg = msg .. string.format(" (and %d more undecided metric alert(s))", #unknowns - 1)
      end
      if failure then msg = msg .. "; " .. failure[1] end
      return tg.unknown(msg, u[2], u[3])
    end
    if failure then return tg.fail(failure[1], failure[2], failure[3]) end
    return tg.fail("no metric alert in the input set has the account in its scopes, so nobody is "
      .. "told when its calls fail, are blocked or surge")
  end,
}
