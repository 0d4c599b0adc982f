-- TG004 network.firewall-rules: n/a when public network access is disabled; otherwise
-- every IP rule is a public IPv4 address or a range no broader than the configured
-- prefix, no virtual network rule ignores a missing service endpoint, neither list has
-- more than 100 entries, and rules are not written under a default action of Allow.

local ACLS = "properties.networkAcls"
local MAX_RULES = 100

-- Non-public kinds (cidr.is_private) the service itself refuses in IP rules; the others
-- (shared, documentation, benchmarking, multicast, broadcast, reserved) it may take, but
-- they are not public unicast addresses, so a rule for one admits no real client.
local REFUSED = { private = true, loopback = true, ["link-local"] = true, ["this-network"] = true }

-- What is wrong with one IP rule value, or nil.
local function ip_problem(value, limit)
  if type(value) ~= "string" then
    return tg.show(value) .. " is not an IPv4 address or range (a rule's value is a string)"
  end
  local shown = tg.show(value)
  local p, why, code = cidr.parse(value)
  if not p then
    if code == "wildcard" then
      return shown .. " is a wildcard: it would allow every address (and is not a valid rule)"
    elseif code == "ipv6" then
      return shown .. " is " .. why .. "; IP rules take public IPv4 addresses only"
    end
    if tg.trim(value) ~= value and cidr.parse(tg.trim(value)) then
      return shown .. " is not an IPv4 address or range: it has white space around it"
    end
    return shown .. " is " .. why
  end
  if p.prefix == 0 then
    return shown .. " allows every IPv4 address"
  end
  if p.addr == 0 and p.prefix == 32 then
    return shown .. " is not a usable address (0.0.0.0 often stands for \"any\")"
  end
  if p.is_cidr and p.prefix >= 31 then
    return shown .. " is written as a /" .. p.prefix .. " range, which the service rejects: write the "
      .. "single address instead"
  end
  local reasons = {}
  if p.prefix < limit then
    reasons[#reasons + 1] = string.format("broader than the allowed /%d (%d addresses)", limit,
      1 << (32 - p.prefix))
  end
  local private, what, kind = cidr.is_private(p)
  if private then
    if REFUSED[kind] then
      reasons[#reasons + 1] = what .. ", and the service takes public addresses only"
    else
      reasons[#reasons + 1] = what .. ": no client on the internet has such an address"
    end
  end
  if #reasons > 0 then
    return shown .. " is " .. table.concat(reasons, ", and ")
  end
  return nil
end

local function setting(ctx)
  local s = type(ctx) == "table" and type(ctx.settings) == "table" and ctx.settings.broadest_prefix
  if s == nil or s == false then return 24 end
  local n = math.tointeger(tonumber(s))
  if n == nil or n < 0 or n > 32 then
    error("setting broadest_prefix must be a whole number from 0 to 32, not " .. tg.show(s), 0)
  end
  return n
end

return {
  id = "TG004",
  name = "network.firewall-rules",
  severity = "high",
  title = "The firewall rules admit only narrow public IPv4 ranges",
  rationale = "When the Translator account is reachable from public networks, its IP rules are the only "
    .. "thing between it and the internet: a rule such as 0.0.0.0/0 or a very broad range opens it to "
    .. "everyone. The service takes public IPv4 addresses only (no RFC 1918 ranges, no /31 or /32 written "
    .. "as CIDR), and a rule for a shared, documentation, multicast or reserved range admits no real client; "
    .. "at most 100 IP rules and 100 virtual network rules, and the rules have no effect unless "
    .. "the default action is Deny. A virtual network rule that ignores a missing service endpoint lets "
    .. "the rule exist while the subnet's traffic does not actually arrive through it.",
  remediation = "List only the public IPv4 addresses or ranges (no broader than the configured prefix, "
    .. "default /24) that need access, write single addresses without /32, set defaultAction to Deny, "
    .. "and enable the Microsoft.CognitiveServices service endpoint on each subnet instead of setting "
    .. "ignoreMissingVnetServiceEndpoint.",
  arm_snippet = [[
"networkAcls": {
  "defaultAction": "Deny",
  "ipRules": [
    { "value": "52.10.20.0/24" },
    { "value": "131.107.0.7" }
  ],
  "virtualNetworkRules": [
    {
      "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'apps')]",
      "ignoreMissingVnetServiceEndpoint": false
    }
  ]
}]],
  terraform_snippet = [[
network_acls {
  default_action = "Deny"
  ip_rules       = ["52.10.20.0/24", "131.107.0.7"]
  virtual_network_rules {
    subnet_id                            = azurerm_subnet.apps.id
    ignore_missing_vnet_service_endpoint = false
  }
}]],
  azure_policy = nil, -- no built-in policy inspects the rules themselves
  mcsb = "NS-2",

  check = function(account, ctx)
    local state, pna = tg.public_access(account)
    if state == "disabled" then
      return tg.na("public network access is disabled, so the firewall rules are not used")
    end
    local limit = setting(ctx)

    local fails, unknowns = {}, {}
    local function fail(msg, path) fails[#fails + 1] = { msg = msg, path = path } end
    local function unknown(what, v, path)
      unknowns[#unknowns + 1] = { msg = tg.unknown_text(what, v), path = path }
    end

    local props = tg.get(account, "properties")
    local acls = tg.get(account, ACLS)
    local n_ip, n_vnet = 0, 0
    if not tg.is_unknown(props) and not tg.is_unset(props) and not tg.is_object(props) then
      -- properties that are not an object hold no network ACLs the service would read
      n_ip, n_vnet = nil, nil
      fail("properties is " .. tg.show(props) .. ", not an object", "properties")
    elseif tg.is_unknown(acls) then
      unknown("networkAcls", acls, ACLS)
    elseif not tg.is_unset(acls) and not tg.is_object(acls) then
      n_ip, n_vnet = nil, nil
      fail("networkAcls is " .. tg.show(acls) .. ", not an object", ACLS)
    elseif not tg.is_unset(acls) then
      -- IP rules
      local ip_path = ACLS .. ".ipRules"
      local raw = tg.get(account, ip_path)
      local ips, kind = tg.list(raw)
      if tg.is_unknown(ips) then
        unknown("networkAcls.ipRules", ips, ip_path)
        n_ip = nil
      elseif ips == nil or tg.is_null(raw) then
        -- a string, an object or null is not a list of rules: never read it as one
        fail("networkAcls.ipRules is " .. (kind == "object" and "an object" or tg.show(raw))
          .. ", not an array (write [] or leave it out for no rules)", ip_path)
      else
        n_ip = #ips
        if n_ip > MAX_RULES then
          fail(string.format("networkAcls has %d IP rules; the service allows at most %d", n_ip, MAX_RULES),
            ip_path)
        end
        for i, rule in ipairs(ips) do
          local rpath = string.format("%s[%d]", ip_path, i)
          if tg.is_unknown(rule) then
            unknown(string.format("networkAcls.ipRules[%d]", i), rule, rpath)
          elseif not tg.is_object(rule) then
            fail(string.format("networkAcls.ipRules[%d] is %s, not an object with a \"value\"", i,
              tg.show(rule)), rpath)
          else
            local value = tg.get(rule, "value")
            if tg.is_unknown(value) then
              unknown(string.format("networkAcls.ipRules[%d].value", i), value, rpath .. ".value")
            elseif value == nil then
              fail(string.format("networkAcls.ipRules[%d] has no value", i), rpath)
            else
              local problem = ip_problem(value, limit)
              if problem then
                fail(string.format("IP rule networkAcls.ipRules[%d]: %s", i, problem), rpath .. ".value")
              end
            end
          end
        end
      end

      -- Virtual network rules
      local vn_path = ACLS .. ".virtualNetworkRules"
      local vraw = tg.get(account, vn_path)
      local vnets, vkind = tg.list(vraw)
      if tg.is_unknown(vnets) then
        unknown("networkAcls.virtualNetworkRules", vnets, vn_path)
        n_vnet = nil
      elseif vnets == nil or tg.is_null(vraw) then
        fail("networkAcls.virtualNetworkRules is " .. (vkind == "object" and "an object" or tg.show(vraw))
          .. ", not an array (write [] or leave it out for no rules)", vn_path)
      else
        n_vnet = #vnets
        if n_vnet > MAX_RULES then
          fail(string.format("networkAcls has %d virtual network rules; the service allows at most %d",
            n_vnet, MAX_RULES), vn_path)
        end
        for i, rule in ipairs(vnets) do
          local rpath = string.format("%s[%d]", vn_path, i)
          local ipath = rpath .. ".ignoreMissingVnetServiceEndpoint"
          if tg.is_unknown(rule) then
            unknown(string.format("networkAcls.virtualNetworkRules[%d]", i), rule, rpath)
          elseif not tg.is_object(rule) then
            fail(string.format("networkAcls.virtualNetworkRules[%d] is %s, not an object with a subnet \"id\"",
              i, tg.show(rule)), rpath)
          else
            local id = tg.get(rule, "id")
            if not tg.is_unknown(id) and (type(id) ~= "string" or tg.trim(id) == "") then
              -- which subnet it is does not matter here (an unknown id is fine), but a rule
              -- without one is not a rule
              fail(string.format("virtual network rule networkAcls.virtualNetworkRules[%d] has %s", i,
                tg.is_unset(id) and "no subnet id" or ("the subnet id " .. tg.show(id) .. ", not a resource id")),
                rpath .. ".id")
            end
            local ignore = tg.get(rule, "ignoreMissingVnetServiceEndpoint")
            if tg.is_unknown(ignore) then
              unknown(string.format("networkAcls.virtualNetworkRules[%d].ignoreMissingVnetServiceEndpoint", i),
                ignore, ipath)
            elseif ignore == true or tg.feq(ignore, "true") then
              fail(string.format("virtual network rule networkAcls.virtualNetworkRules[%d] sets "
                .. "ignoreMissingVnetServiceEndpoint: the subnet may lack the Microsoft.CognitiveServices "
                .. "service endpoint", i), ipath)
            elseif not (ignore == nil or ignore == false) then
              -- only false (or leaving it out) is known not to ignore a missing endpoint
              fail(string.format("virtual network rule networkAcls.virtualNetworkRules[%d] sets "
                .. "ignoreMissingVnetServiceEndpoint to %s, not the boolean false", i, tg.show(ignore)), ipath)
            end
          end
        end
      end

      -- Rules under a default action of Allow do nothing.
      local total = (n_ip or 0) + (n_vnet or 0)
      if total > 0 then
        local a_path = ACLS .. ".defaultAction"
        local action = tg.get(account, a_path)
        if tg.is_unknown(action) then
          unknown("networkAcls.defaultAction (rules are present)", action, a_path)
        elseif not tg.ieq(action, "Deny") then
          local shown = tg.is_unset(action) and "not set (so Allow)" or tg.show(action)
          fail(string.format("networkAcls.defaultAction is %s while %d rule(s) are present: the rules do "
            .. "nothing unless the default action is Deny", shown, total), a_path)
        end
      end
    end

    local function summary(list)
      local msg = list[1].msg
      if #list > 1 then
        local more = {}
        for i = 2, math.min(#list, 3) do more[#more + 1] = list[i].msg end
        msg = msg .. "; also: " .. table.concat(more, "; ")
        if #list > 3 then msg = msg .. string.format(" (and %d more)", #list - 3) end
      end
      return msg
    end

    if #fails > 0 then
      if state == "unknown" then
        return tg.unknown(tg.unknown_text("publicNetworkAccess", pna) .. "; unless it is Disabled: "
          .. summary(fails), "properties.publicNetworkAccess")
      end
      return tg.fail(summary(fails), fails[1].path)
    end
    if #unknowns > 0 then
      return tg.unknown(summary(unknowns), unknowns[1].path)
    end
    if n_ip == 0 and n_vnet == 0 then
      return tg.pass("no IP or virtual network rules are set")
    end
    return tg.pass(string.format("the %d IP rule(s) and %d virtual network rule(s) are within limits (public "
      .. "IPv4, no broader than /%d) under a default action of Deny", n_ip, n_vnet, limit))
  end,
}
