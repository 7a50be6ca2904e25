// An IPv4 address is personal data when it can single out someone's device: the address a
// request came from (client_ip, remote_addr, X-Forwarded-For), public or private (a private one
// names a courier's PDA on the depot's Wi-Fi). A private or loopback address under a key that
// names the operator's own machine (host, server, upstream, node, pod, instance, backend ...) is
// not: it is reachable only inside the operator's network, the same whatever the user, and says
// nothing about anyone. Only that case is left out; any client word in the key, a public
// address or an address without a key is reported.
import { keyWords as $keyWords } from './key-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyWords = $keyWords;

const SERVER = new Set(
  `host hostname server srv upstream node pod instance backend service svc target bind listen local
   gateway proxy lb vip db redis mysql broker cluster worker container machine`.split(/\s+/),
);
// words of the side a request comes from: one of them keeps the address personal
const CLIENT = new Set(
  `client remote user src source forwarded real origin caller visitor customer device peer from
   courier rider driver member buyer phone mobile terminal pda`.split(/\s+/),
);

function octet(t: string, s: number): number {
  let v = 0;
  let k = s;
  while (k < t.length && k - s < 3 && t.charCodeAt(k) >= 48 && t.charCodeAt(k) <= 57)
    v = v * 10 + t.charCodeAt(k++) - 48;
  return v;
}

/** Whether the IPv4 address at `s` is in 10/8, 172.16/12, 192.168/16 or 127/8. */
function privateAt(t: string, s: number): boolean {
  const a = octet(t, s);
  if (a === 10 || a === 127) return true;
  if (a !== 172 && a !== 192) return false;
  const b = octet(t, t.indexOf('.', s) + 1);
  return a === 172 ? b >= 16 && b <= 31 : b === 168;
}

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45 || c === 46;
}

/**
 * @internal Whether the IPv4 address at `s` is a private or loopback address under a key that
 * names a server-side machine and nothing on the client's side (see the top of this file). Reads
 * back at most 4 separator characters and a key of at most 40.
 */
export function serverSideIp(t: string, s: number): boolean {
  if (!privateAt(t, s)) return false;
  let q = s;
  // the separator: spaces, a quote, '=' or ':'
  for (let k = 0; q > 0 && k < 4; k++) {
    const c = t.charCodeAt(q - 1);
    if (!(c === 32 || c === 34 || c === 39 || c === 61 || c === 58 || c === 0xff1a)) break;
    q--;
  }
  if (q === s) return false;
  let b = q;
  while (b > 0 && q - b < 40 && isKeyChar(t.charCodeAt(b - 1))) b--;
  if (b === q) return false;
  let server = false;
  for (const w of keyWords(t, b, q).words) {
    if (CLIENT.has(w)) return false;
    if (SERVER.has(w)) server = true;
  }
  return server;
}
