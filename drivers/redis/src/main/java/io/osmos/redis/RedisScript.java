package io.osmos.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA}: its SHA-1 is computed here, so the first call needs no
 * {@code SCRIPT LOAD}; {@link RedisConnection#eval} loads it when Redis answers {@code NOSCRIPT} (a
 * new or restarted server, or {@code SCRIPT FLUSH}).
 *
 * <p>The scripts take every key name in {@code KEYS} and every value in {@code ARGV}; nothing a
 * user stores is ever part of the script text, so no key or value can inject a command.
 */
final class RedisScript {
  final String name;
  final String text;
  final String sha;
  final byte[] shaBytes;
  final byte[] textBytes;

  RedisScript(String name, String text) {
    this.name = name;
    this.text = text;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      this.sha = HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    this.shaBytes = sha.getBytes(StandardCharsets.US_ASCII);
    this.textBytes = text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Stores documents (insert or upsert), a batch at once: every check (duplicate key, version) runs
   * before the first write, so a batch is written whole or not at all. Old index entries are read
   * from the documents' entries hashes inside the script, so no interleaving leaves a stale one.
   *
   * <p>KEYS: keys set, the n index sets, then per document its hash and its entries hash. ARGV:
   * mode ({@code insert}/{@code save}), version field ({@code ''}: none), n, the n index names,
   * then per document: key member, expected version ({@code ''}: no check), field count f, f
   * name/text pairs, n index members ({@code ''}: not indexed).
   *
   * <p>Returns {@code {'ok'}}, {@code {'dup', i}} or {@code {'version', i, stored}} (i: 1-based).
   */
  static final RedisScript SAVE =
      new RedisScript(
          "save",
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
      """);

  /**
   * Patches one document field by field. Every check (existence, version, expected field values,
   * int ranges) runs before the first write; 64-bit increments use {@code HINCRBY}, whose overflow
   * check is undone for the increments already applied, so a failed patch changes nothing.
   *
   * <p>KEYS: the hash, its entries hash, then one index set per touched index. ARGV: version field
   * ({@code ''}: none), expected version ({@code ''}: no check), the record limit in bytes of names
   * and values (0: none), op count m, m ops of (code, field, value), then per touched index: its
   * name and the new member ({@code ''}: none). Codes: {@code S} set, {@code D} delete (null),
   * {@code I} HINCRBY, {@code J} add within the int range, {@code E} expect this text, {@code N}
   * expect no value. The size of the patched hash is computed before the first write (an increment
   * counted at its longest, 20 chars).
   *
   * <p>Returns {@code {'ok', HGETALL}}, {@code {'missing'}}, {@code {'version', stored}}, {@code
   * {'changed'}} (an expectation failed: read again), {@code {'range', field, stored}}, {@code
   * {'notint', field, stored}}, {@code {'incr', field, stored, error}} or {@code {'toolarge',
   * bytes}}.
   */
  static final RedisScript UPDATE =
      new RedisScript(
          "update",
          """
      local hash, entries = KEYS[1], KEYS[2]
      if redis.call('EXISTS', hash) == 0 then return {'missing'} end
      local vfield, expected = ARGV[1], ARGV[2]
      if vfield ~= '' then
        local stored = redis.call('HGET', hash, vfield) or '0'
        if not string.match(stored, '^%-?%d+$') then return {'notint', vfield, stored} end
        if expected ~= '' and tonumber(stored) ~= tonumber(expected) then
          return {'version', stored}
        end
      end
      local max = tonumber(ARGV[3])
      local m = tonumber(ARGV[4])
      local ops = {}
      for i = 0, m - 1 do ops[i + 1] = {ARGV[5 + 3 * i], ARGV[6 + 3 * i], ARGV[7 + 3 * i]} end
      local sums = {}
      for i, op in ipairs(ops) do
        local code, field, value = op[1], op[2], op[3]
        if code == 'E' then
          if redis.call('HGET', hash, field) ~= value then return {'changed'} end
        elseif code == 'N' then
          if redis.call('HEXISTS', hash, field) == 1 then return {'changed'} end
        elseif code == 'J' then
          local cur = redis.call('HGET', hash, field)
          local c = 0
          if cur then
            if not string.match(cur, '^%-?%d+$') then return {'notint', field, cur} end
            c = tonumber(cur)
          end
          local s = c + tonumber(value)
          if s < -2147483648 or s > 2147483647 then return {'range', field, cur or '0'} end
          sums[i] = string.format('%d', s)
        end
      end
      if max > 0 then
        local all = redis.call('HGETALL', hash)
        local lens, size = {}, 0
        for j = 1, #all, 2 do
          lens[all[j]] = #all[j + 1]
          size = size + #all[j] + #all[j + 1]
        end
        local function change(field, new)
          local old = lens[field]
          if old then size = size - #field - old end
          if new then size = size + #field + new end
          lens[field] = new
        end
        for i, op in ipairs(ops) do
          local code = op[1]
          if code == 'S' then change(op[2], #op[3])
          elseif code == 'D' then change(op[2], nil)
          elseif code == 'J' then change(op[2], #sums[i])
          elseif code == 'I' then change(op[2], 20) end
        end
        if vfield ~= '' then change(vfield, 20) end
        if size > max then return {'toolarge', tostring(size)} end
      end
      local done = {}
      for _, op in ipairs(ops) do
        if op[1] == 'I' then
          local before = redis.call('HGET', hash, op[2])
          local r = redis.pcall('HINCRBY', hash, op[2], op[3])
          if type(r) == 'table' and r.err then
            for j = #done, 1, -1 do
              local u = done[j]
              if u[2] then
                redis.call('HSET', hash, u[1], u[2])
              else
                redis.call('HDEL', hash, u[1])
              end
            end
            return {'incr', op[2], before or '', r.err}
          end
          done[#done + 1] = {op[2], before}
        end
      end
      for i, op in ipairs(ops) do
        local code = op[1]
        if code == 'S' then redis.call('HSET', hash, op[2], op[3])
        elseif code == 'D' then redis.call('HDEL', hash, op[2])
        elseif code == 'J' then redis.call('HSET', hash, op[2], sums[i]) end
      end
      local t, k = 5 + 3 * m, 3
      while t <= #ARGV do
        local name, new = ARGV[t], ARGV[t + 1]
        local old = redis.call('HGET', entries, name)
        if old ~= new then
          if old then redis.call('ZREM', KEYS[k], old) end
          if new ~= '' then
            redis.call('ZADD', KEYS[k], 0, new)
            redis.call('HSET', entries, name, new)
          else
            redis.call('HDEL', entries, name)
          end
        end
        t, k = t + 2, k + 1
      end
      if vfield ~= '' then redis.call('HINCRBY', hash, vfield, 1) end
      return {'ok', redis.call('HGETALL', hash)}
      """);

  /**
   * Deletes documents with their index entries.
   *
   * <p>KEYS: keys set, the n index sets, then per document its hash and its entries hash. ARGV: n,
   * the n index names, then per document its key member. Returns how many documents existed.
   */
  static final RedisScript DELETE =
      new RedisScript(
          "delete",
          """
      local n = tonumber(ARGV[1])
      local names = {}
      for i = 1, n do names[i] = ARGV[1 + i] end
      local deleted, k = 0, 2 + n
      for a = 2 + n, #ARGV do
        local hash, entries = KEYS[k], KEYS[k + 1]
        k = k + 2
        deleted = deleted + redis.call('DEL', hash)
        if n > 0 then
          local old = redis.call('HMGET', entries, unpack(names))
          for i = 1, n do
            if old[i] then redis.call('ZREM', KEYS[1 + i], old[i]) end
          end
          redis.call('DEL', entries)
        end
        redis.call('ZREM', KEYS[1], ARGV[a])
      end
      return deleted
      """);

  /**
   * Appends a batch of messages to one stream, on a Redis Cluster (which has no {@code MULTI}
   * across a client's connections): the stream's type is checked first, so the batch is appended
   * whole or not at all.
   *
   * <p>KEYS: the stream. ARGV: the approximate maximum length ({@code ''}: no trimming), then per
   * message its field count f and f name/value pairs. Returns the entries' ids.
   */
  static final RedisScript PUBLISH =
      new RedisScript(
          "publish",
          """
      local t = redis.call('TYPE', KEYS[1])['ok']
      if t ~= 'stream' and t ~= 'none' then
        return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. t .. ', not a stream')
      end
      local ids = {}
      local a = 2
      while a <= #ARGV do
        local f = tonumber(ARGV[a])
        local args = {}
        if ARGV[1] ~= '' then args = {'MAXLEN', '~', ARGV[1]} end
        args[#args + 1] = '*'
        for i = a + 1, a + 2 * f do args[#args + 1] = ARGV[i] end
        ids[#ids + 1] = redis.call('XADD', KEYS[1], unpack(args))
        a = a + 1 + 2 * f
      end
      return ids
      """);

  @Override
  public String toString() {
    return "script " + name + " (" + sha + ")";
  }
}
