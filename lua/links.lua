-- links.lua — the resources that refer to an account, as the rules need them.
--
-- The host finds the links (account.links: relation, resource, via, decided, reason);
-- this module turns them into what a rule reasons about: for private endpoints, one
-- entry per connection that names the account, with whether it is manual and which
-- group ids it asks for; for diagnostic settings, the setting resources. Links the
-- host could not decide are returned apart, so a rule can answer "unknown" when, and
-- only when, nothing decided already settles it.
--
-- Uses `tg` at call time only, so the load order of the helpers does not matter.

local type, ipairs, tostring = type, ipairs, tostring
local s_lower, s_match = string.lower, string.match

links = {}

local function each_link(account, relation)
  local all = type(account) == "table" and account.links
  local out = {}
  if type(all) ~= "table" then return out end
  for _, link in ipairs(all) do
    if type(link) == "table" and link.relation == relation and type(link.resource) == "table" then
      out[#out + 1] = link
    end
  end
  return out
end

local function undecided_entry(link)
  return {
    resource = link.resource,
    via = link.via,
    reason = (type(link.reason) == "string" and link.reason ~= "") and link.reason
      or "its target is unknown",
  }
end

-- links.of(account, relation) → decided, undecided: the raw links of one relation
-- ("private-endpoint", "diagnostic-setting", "child", "customer-managed-key",
-- "role-assignment", "metric-alert", "dns-zone-group"), each resource once.
function links.of(account, relation)
  local decided, undecided, seen_d, seen_u = {}, {}, {}, {}
  for _, link in ipairs(each_link(account, relation)) do
    local id = link.resource._id
    if link.decided == false then
      if id == nil or not seen_u[id] then
        if id ~= nil then seen_u[id] = true end
        undecided[#undecided + 1] = undecided_entry(link)
      end
    elseif id == nil or not seen_d[id] then
      if id ~= nil then seen_d[id] = true end
      decided[#decided + 1] = link
    end
  end
  -- A resource that does name the account is not also "maybe" linked.
  local kept = {}
  for _, u in ipairs(undecided) do
    if u.resource._id == nil or not seen_d[u.resource._id] then kept[#kept + 1] = u end
  end
  return decided, kept
end

-- The resources of one relation's decided links, and the undecided links as they are.
local function resources_of(account, relation)
  local decided, undecided = links.of(account, relation)
  local out = {}
  for i, link in ipairs(decided) do out[i] = link.resource end
  return out, undecided
end

-- The connection a private endpoint link goes through. `via` is the path in the
-- endpoint that names the account, e.g.
--   properties.privateLinkServiceConnections[1].properties.privateLinkServiceId
--   Properties.ManualPrivateLinkServiceConnections[2].properties.privateLinkServiceId
-- with member names as written in the file, so it is read ignoring case. The
-- connection is the array element just before the last "properties" step (or, for any
-- other shape, the last indexed element on the path).
local function connection_path(via)
  if type(via) ~= "string" then return nil, nil end
  local lower = s_lower(via)
  local cut = s_match(lower, "^(.*%[%d+%])%.properties%.privatelinkserviceid$")
  if not cut then cut = s_match(lower, "^(.*%[%d+%])") end
  if not cut then return nil, nil end
  local path = via:sub(1, #cut)
  local list = s_match(lower:sub(1, #cut), "([%w_]+)%[%d+%]$") or ""
  return path, list
end

-- links.private_endpoints(account) → connected, undecided.
--   connected: one entry per connection (of an endpoint in the input set) that names
--     the account: {resource = <endpoint>, connection = <the connection object, or nil
--     when the via path cannot be followed>, path = <its path in the endpoint, e.g.
--     "properties.privateLinkServiceConnections[1]">, manual = <true for
--     manualPrivateLinkServiceConnections>, group_ids = <its properties.groupIds: an
--     array, nil when absent, or an unknown>}.
--   undecided: {resource, via, reason} for endpoints whose target cannot be known.
function links.private_endpoints(account)
  local connected, undecided = {}, {}
  local seen, seen_u = {}, {}
  for _, link in ipairs(each_link(account, "private-endpoint")) do
    if link.decided == false then
      local id = link.resource._id
      if id == nil or not seen_u[id] then
        if id ~= nil then seen_u[id] = true end
        undecided[#undecided + 1] = undecided_entry(link)
      end
    else
      local path, list = connection_path(link.via)
      local key = tostring(link.resource._id) .. "\0" .. s_lower(path or link.via or "")
      if not seen[key] then
        seen[key] = true
        local conn = path and tg.get(link.resource, path) or nil
        local manual = list == "manualprivatelinkserviceconnections"
        if not manual and type(conn) == "table" and conn.is_manual_connection == true then
          manual = true -- a Terraform-shaped connection, should one ever get here
        end
        local group_ids = nil
        if tg.is_unknown(conn) then
          group_ids = conn
        elseif type(conn) == "table" then
          group_ids = tg.get(conn, "properties.groupIds")
        end
        connected[#connected + 1] = {
          resource = link.resource,
          connection = conn,
          path = path,
          manual = manual,
          group_ids = group_ids,
        }
      end
    end
  end
  -- An endpoint that already names the account through one connection may still be
  -- undecided through another; keep it in both lists (it may add an automatic one).
  return connected, undecided
end

-- links.diagnostic_settings(account) → settings, undecided: the diagnostic setting
-- resources that target the account (extension resources with `scope`, the legacy
-- `<account>/Microsoft.Insights/<name>` form, nested child declarations), each once;
-- and {resource, via, reason} for settings whose target cannot be known.
function links.diagnostic_settings(account)
  return resources_of(account, "diagnostic-setting")
end

-- links.metric_alerts(account) → alerts, undecided: the metric alerts whose scopes name
-- the account (ARM Microsoft.Insights/metricAlerts properties.scopes[], Terraform
-- azurerm_monitor_metric_alert scopes; relation "metric-alert"), each once; and
-- {resource, via, reason} for those whose scopes cannot be known.
function links.metric_alerts(account)
  return resources_of(account, "metric-alert")
end

-- links.role_assignments(account) → assignments, undecided: the role assignments whose
-- scope is the account or its resource group (ARM Microsoft.Authorization/roleAssignments
-- with `scope` naming either, or no `scope` in the account's own deployment group;
-- Terraform azurerm_role_assignment, whose values are under `properties`; relation
-- "role-assignment"), each once; and {resource, via, reason} for those whose scope cannot
-- be known.
function links.role_assignments(account)
  return resources_of(account, "role-assignment")
end

-- links.dns_zone_groups(account, endpoint) → groups: the private DNS zone groups of one of
-- the account's private endpoints (an entry of links.private_endpoints, or its resource):
-- the endpoint's own properties.privateDnsZoneGroups[] (Terraform's private_dns_zone_group
-- blocks land there) and the ARM Microsoft.Network/privateEndpoints/privateDnsZoneGroups
-- resources linked through it (relation "dns-zone-group", link field `through` = the
-- endpoint's _id). Each: {resource = <where the group is written>, path = <path of its
-- privateDnsZoneConfigs in resource>, configs = <that value: an array, an unknown or nil>,
-- decided = <false when the group resource may not be deployed or its endpoint may not
-- connect to the account>, reason = <then why>}.
function links.dns_zone_groups(account, endpoint)
  local pe = (type(endpoint) == "table" and type(endpoint.resource) == "table") and endpoint.resource
    or endpoint
  local groups = {}
  if type(pe) ~= "table" then return groups end
  local inline = tg.get(pe, "properties.privateDnsZoneGroups")
  if tg.is_unknown(inline) then
    groups[1] = { resource = pe, path = "properties.privateDnsZoneGroups", configs = inline, decided = true }
  else
    for i, g in ipairs(tg.list(inline) or {}) do
      local path = "properties.privateDnsZoneGroups[" .. i .. "]"
      groups[#groups + 1] = {
        resource = pe,
        path = path .. ".properties.privateDnsZoneConfigs",
        configs = tg.is_unknown(g) and g or (type(g) == "table" and tg.get(g, "properties.privateDnsZoneConfigs") or nil),
        decided = true,
      }
    end
  end
  local seen = {}
  for _, link in ipairs(each_link(account, "dns-zone-group")) do
    local id = link.resource._id
    if link.through ~= nil and link.through == pe._id and (id == nil or not seen[id]) then
      if id ~= nil then seen[id] = true end
      groups[#groups + 1] = {
        resource = link.resource,
        path = "properties.privateDnsZoneConfigs",
        configs = tg.get(link.resource, "properties.privateDnsZoneConfigs"),
        decided = link.decided ~= false,
        reason = link.reason,
      }
    end
  end
  return groups
end

-- links.customer_managed_keys(account) → keys, undecided: the resources that set the
-- account's customer-managed key from outside it (Terraform's
-- azurerm_cognitive_account_customer_managed_key, relation "customer-managed-key"; its
-- properties.keyVaultProperties holds keyName, keyVersion and keyVaultUri), each once;
-- and {resource, via, reason} for those whose account cannot be known.
function links.customer_managed_keys(account)
  return resources_of(account, "customer-managed-key")
end

-- The display name of a linked resource for messages: its name, else its address.
function links.name(resource)
  if type(resource) ~= "table" then return "?" end
  local n = resource.name
  if type(n) == "string" and n ~= "" then
    return n
  end
  if type(resource.address) == "string" then return resource.address end
  return "?"
end

-- links.key_vaults(account) → vaults: the key vaults holding the account's customer-managed
-- key (ARM Microsoft.KeyVault/vaults named by encryption.keyVaultProperties.keyVaultUri;
-- Terraform azurerm_key_vault named by the key's key_vault_id; relation "key-vault"), each once.
function links.key_vaults(account)
  return (resources_of(account, "key-vault"))
end

-- links.keys(account) → keys: the account's customer-managed key resources (ARM
-- Microsoft.KeyVault/vaults/keys "<vault>/<keyName>"; Terraform azurerm_key_vault_key named
-- by customer_managed_key.key_vault_key_id; relation "key"), each once.
function links.keys(account)
  return (resources_of(account, "key"))
end
