-- cidr.lua — IPv4 address and CIDR arithmetic for the firewall rules of network ACLs.
--
-- Cognitive Services IP rules take a public IPv4 address ("131.107.0.7") or an IPv4
-- CIDR range ("52.10.20.0/24"). Everything else ("*", IPv6, names) is recognised here
-- and reported as what it is, so a rule can say why it fails. Pure Lua, no other helper
-- needed: addresses are plain integers (Lua 5.4 integers are 64-bit).

local type, tonumber = type, tonumber
local s_match, s_find, s_format = string.match, string.find, string.format

cidr = {}

local MAX_TEXT = 64 -- longer than any address or range; refuse before matching

local function octet(s)
  -- Decimal 0..255 without leading zeros: "010" is octal to some parsers, decimal to
  -- others, so it is refused rather than guessed.
  if #s > 1 and s:sub(1, 1) == "0" then return nil end
  local n = tonumber(s)
  if n == nil or n > 255 then return nil end
  return n
end

-- cidr.parse(text) → {version = 4, addr = <32-bit integer>, prefix = 0..32,
-- is_cidr = <"/n" was written>} or nil, why, code where code is "wildcard", "ipv6"
-- or "invalid" (why is a phrase that completes "<text> is ...").
function cidr.parse(text)
  if type(text) ~= "string" then
    return nil, "not a string", "invalid"
  end
  if #text == 0 then
    return nil, "empty", "invalid"
  end
  if #text > MAX_TEXT then
    return nil, "too long to be an address", "invalid"
  end
  if s_find(text, "*", 1, true) then
    return nil, "a wildcard, not an address", "wildcard"
  end
  if s_find(text, ":", 1, true) then
    if s_match(text, "^::/0+$") or text == "::" then
      return nil, "the whole IPv6 address space", "ipv6"
    end
    return nil, "an IPv6 address or range", "ipv6"
  end
  local a, b, c, d, rest = s_match(text, "^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)(.*)$")
  if not a then
    return nil, "not an IPv4 address or CIDR range", "invalid"
  end
  a, b, c, d = octet(a), octet(b), octet(c), octet(d)
  if not (a and b and c and d) then
    return nil, "not a valid IPv4 address (each part is 0-255, without leading zeros)", "invalid"
  end
  local prefix, is_cidr = 32, false
  if rest ~= "" then
    local p = s_match(rest, "^/(%d%d?)$")
    if not p or (#p > 1 and p:sub(1, 1) == "0") or tonumber(p) > 32 then
      return nil, "not a valid CIDR range (the prefix length is 0-32)", "invalid"
    end
    prefix, is_cidr = tonumber(p), true
  end
  return {
    version = 4,
    addr = ((a * 256 + b) * 256 + c) * 256 + d,
    prefix = prefix,
    is_cidr = is_cidr,
  }
end

local function size(prefix) return 1 << (32 - prefix) end

-- First and last address of the range p covers (host bits ignored).
function cidr.first(p) return p.addr - p.addr % size(p.prefix) end
function cidr.last(p) return cidr.first(p) + size(p.prefix) - 1 end

function cidr.addr_text(n)
  return s_format("%d.%d.%d.%d", (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)
end

function cidr.format(p)
  local s = cidr.addr_text(p.addr)
  if p.is_cidr then s = s .. "/" .. p.prefix end
  return s
end

-- Ranges that hold no public unicast address (the IANA special-purpose registry's
-- ranges that are not globally reachable, plus multicast and broadcast). An IP rule for
-- one of them admits no client on the internet: the service refuses the private ones,
-- and the others are not routable. Each says what kind it is, for messages. Where two
-- overlap (broadcast lies in 240.0.0.0/4) the narrower comes first.
local NON_PUBLIC = {
  { "0.0.0.0", 8, "this-network", "in 0.0.0.0/8 (\"this network\")" },
  { "10.0.0.0", 8, "private", "private (RFC 1918, 10.0.0.0/8)" },
  { "100.64.0.0", 10, "shared", "in the shared address space (RFC 6598, 100.64.0.0/10: carrier-grade NAT, not "
    .. "publicly routable)" },
  { "127.0.0.0", 8, "loopback", "loopback (127.0.0.0/8)" },
  { "169.254.0.0", 16, "link-local", "link-local (169.254.0.0/16)" },
  { "172.16.0.0", 12, "private", "private (RFC 1918, 172.16.0.0/12)" },
  { "192.0.0.0", 24, "protocol", "in the block reserved for IETF protocol assignments (RFC 6890, 192.0.0.0/24: not "
    .. "publicly routable)" },
  { "192.0.2.0", 24, "documentation", "in a documentation range (RFC 5737 TEST-NET-1, 192.0.2.0/24: not "
    .. "routable)" },
  { "192.168.0.0", 16, "private", "private (RFC 1918, 192.168.0.0/16)" },
  { "198.18.0.0", 15, "benchmarking", "in the benchmarking range (RFC 2544, 198.18.0.0/15: not publicly "
    .. "routable)" },
  { "198.51.100.0", 24, "documentation", "in a documentation range (RFC 5737 TEST-NET-2, 198.51.100.0/24: "
    .. "not routable)" },
  { "203.0.113.0", 24, "documentation", "in a documentation range (RFC 5737 TEST-NET-3, 203.0.113.0/24: "
    .. "not routable)" },
  { "224.0.0.0", 4, "multicast", "multicast (224.0.0.0/4), not a unicast address" },
  { "255.255.255.255", 32, "broadcast", "the limited broadcast address (255.255.255.255), not a unicast "
    .. "address" },
  { "240.0.0.0", 4, "reserved", "in the reserved range (240.0.0.0/4, \"future use\": not routable)" },
}
for i, r in ipairs(NON_PUBLIC) do
  local p = cidr.parse(r[1] .. "/" .. r[2])
  NON_PUBLIC[i] = { first = cidr.first(p), last = cidr.last(p), kind = r[3], what = r[4] }
end

-- cidr.is_private(p) → true, what, kind when any address of p is not a public unicast
-- address; else false. `what` is a phrase for messages (e.g. "loopback (127.0.0.0/8)",
-- "multicast (224.0.0.0/4), not a unicast address"); `kind` one of "private" (RFC 1918),
-- "loopback", "link-local", "this-network", "shared" (100.64.0.0/10), "protocol"
-- (192.0.0.0/24), "documentation", "benchmarking", "multicast", "broadcast", "reserved"
-- (240.0.0.0/4). A range that lies wholly in one of them is named by it; else the first
-- one it overlaps.
function cidr.is_private(p)
  local lo, hi = cidr.first(p), cidr.last(p)
  local overlap = nil
  for _, r in ipairs(NON_PUBLIC) do
    if lo >= r.first and hi <= r.last then return true, r.what, r.kind end
    if overlap == nil and lo <= r.last and hi >= r.first then overlap = r end
  end
  if overlap then return true, overlap.what, overlap.kind end
  return false
end
cidr.is_non_public = cidr.is_private

-- cidr.contains(outer, inner): every address of inner lies in outer.
function cidr.contains(outer, inner)
  return cidr.first(outer) <= cidr.first(inner) and cidr.last(inner) <= cidr.last(outer)
end
