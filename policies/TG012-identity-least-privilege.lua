-- TG012 identity.least-privilege: no role assignment in the input set at the account (or at
-- its resource group) grants Owner, Contributor or User Access Administrator.

-- The built-in roles that can change the account, its keys or who may use it.
local PRIVILEGED = {
  ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
  ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
  ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
}
local PRIVILEGED_NAMES = {
  ["owner"] = "Owner",
  ["contributor"] = "Contributor",
  ["user access administrator"] = "User Access Administrator",
}

-- The role definition GUID at the end of an id ("/subscriptions/s/providers/
-- Microsoft.Authorization/roleDefinitions/<guid>", or the GUID alone); nil when the end is
-- not known text.
local function guid_of(id)
  if type(id) ~= "string" then return nil end
  local last = id:match("([^/]+)/*$")
  if not last or last:find("[{}]") then return nil end
  return last:lower()
end

-- "privileged" | "other" | "unknown", the role's display text or the reason, and the path.
local function role(a)
  local name_path = "properties.role_definition_name"
  local name = tg.get(a, name_path)
  if type(name) == "string" then
    local p = PRIVILEGED_NAMES[tg.trim(name):lower()]
    if p then return "privileged", p, name_path end
    return "other", "'" .. name .. "'", name_path
  end
  local id_path = "properties.role_definition_id"
  local id = tg.get(a, id_path)
  if id == nil then
    id_path = "properties.roleDefinitionId"
    id = tg.get(a, id_path)
  end
  if tg.is_unset(id) then
    if tg.is_unknown(name) then return "unknown", tg.unknown_text("role_definition_name", name), name_path end
    return "unknown", "names no role definition", id_path
  end
  local text = id
  if tg.is_unknown(id) then text = tg.readable(id) end
  local g = guid_of(text)
  if g then
    local p = PRIVILEGED[g]
    if p then return "privileged", p .. " (" .. g .. ")", id_path end
    return "other", "role definition " .. g, id_path
  end
  if tg.is_unknown(id) then
    local field = id_path:match("[^.]+$")
    return "unknown", "which role it grants is unknown: " .. tg.unknown_text(field, id), id_path
  end
  return "unknown", "which role it grants is unknown: its role definition id "
    .. tg.show(id) .. " does not end in a role definition GUID", id_path
end

return {
  id = "TG012",
  name = "identity.least-privilege",
  severity = "medium",
  title = "No role assignment on the account grants Owner, Contributor or User Access Administrator",
  rationale = "Owner and Contributor at the account (or its resource group) can list and regenerate "
    .. "the account keys, turn local authentication back on and open the network; User Access "
    .. "Administrator can grant any of that to anyone. Applications that call Translator need a "
    .. "data-plane role such as Cognitive Services User, not the power to reconfigure the account.",
  remediation = "Grant callers a least-privilege role such as Cognitive Services User "
    .. "(a97b65f3-24c7-4388-baec-2e87135dc908) at the account, and keep Owner, Contributor and "
    .. "User Access Administrator off the account and its resource group (use Privileged Identity "
    .. "Management for the few who administer it).",
  arm_snippet = [[
{
  "type": "Microsoft.Authorization/roleAssignments",
  "apiVersion": "2022-04-01",
  "name": "[guid(resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod'), 'app', 'a97b65f3-24c7-4388-baec-2e87135dc908')]",
  "scope": "[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]",
  "dependsOn": ["[resourceId('Microsoft.CognitiveServices/accounts', 'tr-prod')]"],
  "properties": {
    "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a97b65f3-24c7-4388-baec-2e87135dc908')]",
    "principalId": "11111111-1111-1111-1111-111111111111",
    "principalType": "ServicePrincipal"
  }
}]],
  terraform_snippet = [[
resource "azurerm_role_assignment" "translator_user" {
  scope                = azurerm_cognitive_account.translator.id
  role_definition_name = "Cognitive Services User"
  principal_id         = "11111111-1111-1111-1111-111111111111"
}]],
  mcsb = "PA-7",

  check = function(account, ctx)
    local assignments, undecided = links.role_assignments(account)
    local unknowns, granted = {}, {}
    for _, a in ipairs(assignments) do
      local name = links.name(a)
      local kind, what, path = role(a)
      if kind == "privileged" then
        return tg.fail("role assignment '" .. name .. "' grants " .. what .. " at the account "
          .. "or its resource group", path, a)
      elseif kind == "unknown" then
        unknowns[#unknowns + 1] = { "role assignment '" .. name .. "' " .. what, path, a }
      else
        granted[#granted + 1] = what
      end
    end
    for _, u in ipairs(undecided) do
      unknowns[#unknowns + 1] = { "role assignment '" .. links.name(u.resource) .. "' may be at "
        .. "the account or its resource group: " .. u.reason, u.via,
        u.resource }
    end
    if #unknowns > 0 then
      local u = unknowns[1]
      local msg = u[1]
      if #unknowns > 1 then
        msg = msg .. string.format(" (and %d more undecided role assignment(s))", #unknowns - 1)
      end
      return tg.unknown(msg, u[2], u[3])
    end
    if #granted == 0 then
      return tg.pass("no role assignment in the input set is at the account or its resource group")
    end
    return tg.pass(string.format("the %d role assignment(s) at the account or its resource group "
      .. "grant neither Owner, Contributor nor User Access Administrator (%s)", #granted,
      tg.join(granted)))
  end,
}
