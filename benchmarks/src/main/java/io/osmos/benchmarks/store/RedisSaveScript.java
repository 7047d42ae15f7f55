package io.osmos.benchmarks.store;

/**
 * The Lua script Osmos's Redis driver runs for save and saveAll, copied verbatim (the driver keeps
 * it package-private) so that the raw baseline does the same index upkeep. The module's tests check
 * that its SHA-1 is the one the driver loads into Redis, so a change to the driver's script cannot
 * go unnoticed.
 */
final class RedisSaveScript {
  static final String TEXT =
      """
      local insert = ARGV[1] == 'insert'
      local vfield = ARGV[2]
      local n = tonumber(ARGV[3])
      local names = {}
      for i = 1, n do names[i] = ARGV[3 + i] end
      local docs = {}
      local a, k = 4 + n, 2 + n
      while a <= #ARGV do
        local f = tonumber(ARGV[a + 2])
        local d = {hash = KEYS[k], entries = KEYS[k + 1], member = ARGV[a],
                   expected = ARGV[a + 1], first = a + 3, last = a + 2 + 2 * f,
                   members = a + 3 + 2 * f}
        docs[#docs + 1] = d
        a, k = d.members + n, k + 2
      end
      for i, d in ipairs(docs) do
        if insert then
          if redis.call('EXISTS', d.hash) == 1 then return {'dup', i} end
        elseif d.expected ~= '' then
          local stored = redis.call('HGET', d.hash, vfield) or '0'
          if tonumber(stored) ~= tonumber(d.expected) then return {'version', i, stored} end
        end
      end
      for _, d in ipairs(docs) do
        if n > 0 then
          local old = redis.call('HMGET', d.entries, unpack(names))
          local entries = {}
          for i = 1, n do
            local new = ARGV[d.members + i - 1]
            if old[i] ~= new then
              if old[i] then redis.call('ZREM', KEYS[1 + i], old[i]) end
              if new ~= '' then redis.call('ZADD', KEYS[1 + i], 0, new) end
            end
            if new ~= '' then
              entries[#entries + 1] = names[i]
              entries[#entries + 1] = new
            end
          end
          redis.call('DEL', d.entries)
          if #entries > 0 then redis.call('HSET', d.entries, unpack(entries)) end
        end
        redis.call('DEL', d.hash)
        local i = d.first
        while i <= d.last do
          local j = math.min(d.last, i + 199)
          redis.call('HSET', d.hash, unpack(ARGV, i, j))
          i = j + 1
        end
        redis.call('ZADD', KEYS[1], 0, d.member)
      end
      return {'ok'}
      """;

  private RedisSaveScript() {}
}
