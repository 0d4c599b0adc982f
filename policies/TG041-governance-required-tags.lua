-- TG041 governance.required-tags: with settings.required_tags (a non-empty list), each of
-- those tags is on the account (its name matched exactly, else ignoring case, as Resource
-- Manager does) with a value that is a non-blank string. Without the setting: n/a.

local function required_list(ctx)
  local l = ctx and ctx.settings and ctx.settings.required_tags
  if type(l) ~= "table" or #l == 0 then return nil end
  return l
end

-- The path of tag `name` for findings: tags.<name> when the path syntax can say it.
local function tag_path(name)
  if type(name) == "string" and name:find("^[%a_][%w_%-]*$") then return "tags." .. name end
  return "tags"
end

-- The value of tag `name`: exact name first, then ignoring case; nil when absent.
local function find_tag(tags, name)
  local v = tags[name]
  if v ~= nil then return v, name end
  local lname = string.lower(name)
  for k, x in pairs(tags) do
    if type(k) == "string" and string.lower(k) == lname then return x, k end
  end
  return nil, nil
end

return {
  id = "TG041",
  name = "governance.required-tags",
  severity = "low",
  title = "The account carries the required tags",
  rationale = "Tags such as owner, cost center and environment are how a team finds who answers for a "
    .. "Translator account, who pays for the characters it translates and which accounts are production; "
    .. "an untagged account is the one nobody claims when a key leaks. Set required_tags to the tags your "
    .. "organisation needs.",
  remediation = "Add every tag listed in settings.required_tags (.transguard.yaml) to the account, each with "
    .. "a non-empty value.",
  arm_snippet = [[
{
  "type": "Microsoft.CognitiveServices/accounts",
  "apiVersion": "2024-10-01",
  "name": "tr-prod",
  "location": "westeurope",
  "kind": "TextTranslation",
  "sku": { "name": "S1" },
  "tags": { "owner": "team-localization", "costCenter": "cc-4711", "environment": "prod" },
  "properties": { "customSubDomainName": "tr-prod" }
}]],
  terraform_snippet = [[
resource "azurerm_cognitive_account" "translator" {
  name                  = "tr-prod"
  location              = "westeurope"
  resource_group_name   = "rg-translator"
  kind                  = "TextTranslation"
  sku_name              = "S1"
  custom_subdomain_name = "tr-prod"

  tags = {
    owner       = "team-localization"
    costCenter  = "cc-4711"
    environment = "prod"
  }
}]],
  -- "Require a tag on resources" (871b6d14, Deny) refuses a resource without one named tag
  -- (assign it once per tag); it checks presence, not a non-empty value. "Require a tag and
  -- its value on resources" (1e30110a) pins the value too.
  azure_policy = "/providers/Microsoft.Authorization/policyDefinitions/871b6d14-10aa-478d-b590-94f262ecfa99",
  mcsb = nil,

  check = function(account, ctx)
    local required = required_list(ctx)
    if not required then
      return tg.na("no required_tags setting: there are no tags to require")
    end
    local tags = tg.get(account, "tags")
    if tg.is_unknown(tags) then
      return tg.unknown(tg.unknown_text("tags", tags), "tags")
    end
    if tg.is_unset(tags) then
      return tg.fail("the account has no tags; required: " .. tg.join(required), "tags")
    end
    if not tg.is_object(tags) then
      return tg.fail("tags is " .. tg.show(tags) .. ", not an object; required: " .. tg.join(required), "tags")
    end
    local missing, empty, pending = {}, {}, nil
    local first_path = nil
    for _, name in ipairs(required) do
      local v, key = find_tag(tags, name)
      if v == nil then
        missing[#missing + 1] = name
        first_path = first_path or "tags"
      elseif tg.is_unknown(v) then
        pending = pending or { tg.unknown_text("tag '" .. key .. "'", v), tag_path(key) }
      elseif type(v) ~= "string" or tg.trim(v) == "" then
        empty[#empty + 1] = key .. " (" .. tg.show(v) .. ")"
        first_path = first_path or tag_path(key)
      end
    end
    if #missing > 0 or #empty > 0 then
      local parts = {}
      if #missing > 0 then parts[#parts + 1] = "lacks the required tag(s) " .. tg.join(missing) end
      if #empty > 0 then
        parts[#parts + 1] = "has the required tag(s) " .. tg.join(empty) .. " without a value (a non-empty "
          .. "string is needed)"
      end
      return tg.fail("the account " .. table.concat(parts, ", and "), first_path)
    end
    if pending then return tg.unknown(pending[1], pending[2]) end
    return tg.pass("the account carries the required tags (" .. tg.join(required) .. ")")
  end,
}
