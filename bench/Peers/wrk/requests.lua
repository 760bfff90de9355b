-- wrk script for the peer benchmark's POST requests (bench/peers.sh). Arguments after `--`:
--   MODE PROTOCOL BASE
-- MODE: batch-get (a $batch of 100 GETs by key, the same body every time), deep-insert (a partner with two
-- addresses, a new key per request) or changeset (a $batch with one changeset of 500 partner creates, new keys).
-- PROTOCOL: v4 or v2 (V2 wants the addresses of a deep insert wrapped in {"results": [...]}).
-- BASE: first key number of this wrk run (peers.sh gives every run its own range of 10,000,000 keys), so keys never
-- repeat within a store. wrk -t1 runs one Lua state, so the counter below is unique across connections.
-- Headers (authorization, CSRF token, session cookie) come from wrk's -H options.
local mode, protocol, counter = "batch-get", "v4", 0
local partners = 100000

local function key(n) return string.format("9%09d", n) end

local function partner(k, addresses)
  local body = '{"BusinessPartner":"' .. k .. '","BusinessPartnerCategory":"2","BusinessPartnerGrouping":"BP03",'
    .. '"OrganizationBPName1":"Bench ' .. k .. ' GmbH","SearchTerm1":"BENCH","CorrespondenceLanguage":"DE"'
  if addresses then
    local list = '{"AddressID":"1","CityName":"Walldorf","Country":"DE","PostalCode":"69190","StreetName":"Dietmar-Hopp-Allee","HouseNumber":"16"},'
      .. '{"AddressID":"2","CityName":"Berlin","Country":"DE","PostalCode":"10115","StreetName":"Hauptstraße","HouseNumber":"1"}'
    if protocol == "v2" then body = body .. ',"to_BusinessPartnerAddress":{"results":[' .. list .. ']}'
    else body = body .. ',"to_BusinessPartnerAddress":[' .. list .. ']' end
  end
  return body .. '}'
end

local function batch_get()
  local parts = {}
  for i = 0, 99 do
    local k = string.format("%010d", 1000000 + (i * 997) % partners)
    parts[#parts + 1] = "--batch_b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
      .. "GET A_BusinessPartner('" .. k .. "') HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n"
  end
  return table.concat(parts) .. "--batch_b--\r\n"
end

local function changeset()
  local parts = { "--batch_b\r\nContent-Type: multipart/mixed; boundary=changeset_c\r\n\r\n" }
  for i = 1, 500 do
    counter = counter + 1
    parts[#parts + 1] = "--changeset_c\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: " .. i .. "\r\n\r\n"
      .. "POST A_BusinessPartner HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n\r\n"
      .. partner(key(counter), false) .. "\r\n"
  end
  parts[#parts + 1] = "--changeset_c--\r\n--batch_b--\r\n"
  return table.concat(parts)
end

local static_body

-- wrk.format uses the headers it is given instead of wrk.headers (the -H options): merge them.
local function headers(extra)
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  for k, v in pairs(extra) do h[k] = v end
  return h
end

-- WRK_DUMP=FILE: write the first request's body to FILE (peers.sh sends it once with curl to check the answer).
local dump = os.getenv("WRK_DUMP")
local function dumped(body)
  if dump then local f = io.open(dump, "wb"); f:write(body); f:close(); dump = nil end
  return body
end

function init(args)
  mode = args[1] or mode
  protocol = args[2] or protocol
  counter = tonumber(args[3] or "0")
  partners = tonumber(args[4] or "100000")
  if mode == "batch-get" then static_body = batch_get() end
end

function request()
  if mode == "batch-get" then
    return wrk.format("POST", nil, headers({ ["Content-Type"] = "multipart/mixed; boundary=batch_b" }), dumped(static_body))
  elseif mode == "deep-insert" then
    counter = counter + 1
    return wrk.format("POST", nil, headers({ ["Content-Type"] = "application/json", ["Accept"] = "application/json" }), dumped(partner(key(counter), true)))
  else
    return wrk.format("POST", nil, headers({ ["Content-Type"] = "multipart/mixed; boundary=batch_b" }), dumped(changeset()))
  end
end
