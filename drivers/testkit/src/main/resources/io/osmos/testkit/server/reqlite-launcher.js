// Starts npm's reqlite (a RethinkDB server written in JavaScript) for Osmos's tests, bound to
// 127.0.0.1, with the bugs below fixed in memory, so that it behaves as RethinkDB documents where
// the driver relies on it. reqlite's files are not changed.
//
//   node reqlite-launcher.js <reqlite package directory> <port>
//
// The fixes. Handshake (SCRAM-SHA-256, RFC 5802/7677), in lib/connection.js:
//  1. The salt is sent as base64 followed by a literal "==", which is not valid base64 (strict
//     decoders such as java.util.Base64 reject it). The launcher sends the plain base64.
//  2. The server signs the AuthMessage with "c=biws,r=<nonce>" as the client-final part, whatever
//     the client sent; the Java driver sends "r=<nonce>,c=biws" and so rejects the server's
//     signature. The launcher signs what the client actually sent, without its proof.
// Atomicity:
//  3. reqlite evaluates queries as interleaved promise chains, so two updates of one document can
//     both read the old value and one write is lost (RethinkDB applies each document write
//     atomically). The launcher starts queries one at a time: each runs to its first response
//     before the next begins (change feeds keep streaming; only their start is queued).
// Order (lib/utils.js):
//  4. reqlite compares strings with JavaScript's <, by UTF-16 unit, which puts U+10000 and above
//     (surrogate pairs) before U+E000..U+FFFF. RethinkDB compares strings byte by byte in UTF-8,
//     that is by code point. The launcher compares two strings by code point.
// Documented results (lib/missing_doc.js, lib/query.js):
//  5. RethinkDB calls a replace function with null for a document that does not exist (and
//     inserts what it returns, or reports the error it raises); reqlite skips the document
//     without calling it. The launcher calls it.
//  6. RethinkDB's match gives each group as {start, end, str}, or null for a group that took no
//     part; reqlite gives the bare strings. The launcher gives RethinkDB's shape.
//  7. RethinkDB's count() of a binary value is its number of bytes; reqlite computes it as if the
//     base64 text were broken into lines of 76 chars, which its own binaries are not, and so
//     undercounts long values by about 2.6%. The launcher counts the decoded bytes.
// The process exits when its standard input closes, so it never outlives the test JVM.
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const Module = require('module');

const [root, portText] = process.argv.slice(2);
if (!root || !portText) {
  console.error('usage: node reqlite-launcher.js <reqlite package directory> <port>');
  process.exit(2);
}
const port = Number(portText);

function patch(source, from, to, what) {
  if (!source.includes(from)) {
    console.error('reqlite-launcher: cannot apply fix (' + what + '): text not found; is this'
        + ' reqlite 2.3.0?');
    process.exit(3);
  }
  return source.split(from).join(to);
}

const connectionFile = path.join(root, 'lib', 'connection.js');
let source = fs.readFileSync(connectionFile, 'utf8');
source = patch(source, ".toString('base64')+'=='", ".toString('base64')", 'SCRAM salt');
source = patch(source,
    '"c=biws,r=" + self.getFullNonce();',
    "JSON.parse(proof).authentication.replace(/,p=[^,]*$/, '');",
    'AuthMessage order');
source = patch(source,
    'queryResult = query.run();',
    'queryResult = (osmosQueue = osmosQueue.then(function () { return query.run(); },'
        + ' function () { return query.run(); }));',
    'one query at a time');
source = 'var osmosQueue = Promise.resolve();\n' + source;

// Load the patched text as lib/connection.js, so reqlite's own require() finds it in the cache.
const patched = new Module(connectionFile, module);
patched.filename = connectionFile;
patched.paths = Module._nodeModulePaths(path.dirname(connectionFile));
patched._compile(source, connectionFile);
patched.loaded = true;
Module._cache[connectionFile] = patched;

// Every comparison of reqlite (between, orderBy, filters, le/gt/ge) goes through util.lt.
const util = require(path.join(root, 'lib', 'utils.js'));
const utf16Lt = util.lt;
util.lt = function (left, right) {
  if (typeof left !== 'string' || typeof right !== 'string') {
    return utf16Lt(left, right);
  }
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const a = left.codePointAt(i);
    const b = right.codePointAt(j);
    if (a !== b) {
      return a < b;
    }
    i += a > 0xFFFF ? 2 : 1;
    j += b > 0xFFFF ? 2 : 1;
  }
  return left.length - i < right.length - j;
};

// A replace of a missing document (fix 5).
const MissingDoc = require(path.join(root, 'lib', 'missing_doc.js'));
const skipMissing = MissingDoc.prototype.replace;
MissingDoc.prototype.replace = function (replacement, options, query, internalOptions) {
  if (!util.isFunction(replacement)) {
    return skipMissing.apply(this, arguments);
  }
  const self = this;
  const varId = util.getVarId(replacement);
  query.context[varId] = null;
  const evaluation = options.non_atomic === true ? internalOptions : { deterministic: true };
  return query.evaluate(replacement, evaluation).then(function (doc) {
    delete query.context[varId];
    return doc === null ? skipMissing.call(self, replacement, options, query, internalOptions)
        : self.table.insert(doc, options, query);
  }, function (err) {
    delete query.context[varId];
    const result = util.writeResult();
    result.errors++;
    result.first_error = err.message;
    return result;
  });
};

// Match groups (fix 6); arrays in reqlite's values are its Sequences.
const Query = require(path.join(root, 'lib', 'query.js'));
const Sequence = require(path.join(root, 'lib', 'sequence.js'));
Query.prototype.match = function (args, options, internalOptions) {
  const self = this;
  util.assertArity(2, args, self);
  return self.evaluate(args[0], internalOptions).then(function (text) {
    util.assertType(text, 'STRING', self);
    return self.evaluate(args[1], internalOptions).then(function (pattern) {
      util.assertType(pattern, 'STRING', self);
      // RE2's leading flags, e.g. (?i), become the flags of a JavaScript RegExp; 'd' adds the
      // positions of the groups.
      const flags = /^\(\?([ims]*)\)/.exec(pattern);
      const regex = new RegExp(flags === null ? pattern : pattern.slice(flags[0].length),
          (flags === null ? '' : flags[1]) + 'd');
      const found = regex.exec(text);
      if (found === null) {
        return null;
      }
      const groups = [];
      for (let i = 1; i < found.length; i++) {
        groups.push(found[i] === undefined ? null
            : { start: found.indices[i][0], end: found.indices[i][1], str: found[i] });
      }
      return { start: found.index, end: found.index + found[0].length, str: found[0],
        groups: new Sequence(groups) };
    });
  });
};

// The bytes of a binary value (fix 7).
const count = Query.prototype.count;
Query.prototype.count = function (args, options, internalOptions) {
  const self = this;
  if (args.length !== 1) {
    return count.apply(this, arguments);
  }
  // As reqlite's own count, but for the bytes of a binary value.
  self.frames.push(0);
  return self.evaluate(args[0], internalOptions).then(function (value) {
    self.frames.pop();
    if (typeof value === 'string') {
      return value.length;
    }
    if (util.isBinary(value)) {
      return Buffer.from(value.data, 'base64').length;
    }
    util.toSequence(value, self);
    return value.count(undefined, self, internalOptions);
  });
};

// reqlite listens on every interface; tests must only listen on the loopback interface.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (p, callback) {
  if (typeof p === 'number') {
    return listen.call(this, { port: p, host: '127.0.0.1' }, callback);
  }
  return listen.apply(this, arguments);
};

const Server = require(path.join(root, 'lib', 'index.js'));
const server = new Server({ 'driver-port': port, silent: true });
server._server.on('listening', () => console.log('reqlite listening on 127.0.0.1:' + port));
server._server.on('error', (e) => {
  console.error('reqlite-launcher: ' + e.message);
  process.exit(4);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
