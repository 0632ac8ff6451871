-- POST /create/transaction/ with a random amount per request, so nearly every create finds its exact amount free on
-- the card the placer asks first (the fast path) instead of quoting every card for a price many transactions hold.
-- Arguments after "--": the Basic credentials (base64 of user:password), the lowest and highest amount in so'm, and a
-- seed. With 99,000,001 amounts, a run of a few hundred thousand creates repeats an amount on a card well under 1%
-- of the time; a repeat still succeeds (LIMIT above it), only slower.
-- Usage: wrk -t2 -c32 -d12s --latency -s create.lua http://127.0.0.1:PORT/create/transaction/ -- BASE64 1000000 100000000 SEED
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads = 0

-- setup runs once per thread in wrk's main Lua state: give each thread its own number for its seed.
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  if #args < 4 then
    error("create.lua needs: BASE64_CREDENTIALS LOWEST_SOM HIGHEST_SOM SEED")
  end

  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic " .. args[1]
  lowest = tonumber(args[2])
  highest = tonumber(args[3])
  math.randomseed(tonumber(args[4]) * 16 + thread_number)
end

function request()
  return wrk.format(nil, nil, nil, '{"amount": ' .. math.random(lowest, highest) .. '}')
end
