// Solves an ALTCHA v2 proof-of-work challenge in the browser (or Node 24) with Web Crypto.
// Mirrors altcha-lib's 'SHA-256'/'SHA-384'/'SHA-512' derivation with a big-endian uint32 counter:
// key = first keyLength bytes of hash^cost(salt ‖ nonce ‖ counter); the answer is the first
// counter whose key starts with keyPrefix. Yields to the event loop so the page stays responsive.

const ALGORITHMS = ['SHA-256', 'SHA-384', 'SHA-512'];
const HEX = /^(?:[0-9a-f]{2})+$/i;

/**
 * @param {{ parameters: { algorithm: string, nonce: string, salt: string, cost: number,
 *   keyLength?: number, keyPrefix: string } }} challenge
 * @param {{ maxCounter?: number, signal?: AbortSignal }} [options]
 * @returns {Promise<{ counter: number, derivedKey: string } | null>} null when aborted or not found
 */
export async function solve(challenge, options = {}) {
  const { maxCounter = 1_000_000, signal } = options;
  const parameters = challenge && challenge.parameters;
  if (!parameters || !ALGORITHMS.includes(parameters.algorithm)) throw new Error('unsupported challenge');
  const { algorithm, nonce, salt, cost, keyLength = 32 } = parameters;
  const keyPrefix = String(parameters.keyPrefix).toLowerCase();
  if (!HEX.test(nonce) || !HEX.test(salt) || !/^[0-9a-f]+$/.test(keyPrefix)) throw new Error('malformed challenge');
  if (!Number.isInteger(cost) || cost < 1 || cost > 100 || !Number.isInteger(keyLength) || keyLength < 1) {
    throw new Error('unsupported cost');
  }

  const saltBytes = hexToBytes(salt);
  const nonceBytes = hexToBytes(nonce);
  const input = new Uint8Array(saltBytes.length + nonceBytes.length + 4);
  input.set(saltBytes, 0);
  input.set(nonceBytes, saltBytes.length);
  const view = new DataView(input.buffer);
  const counterOffset = saltBytes.length + nonceBytes.length;
  const prefixBytes = Math.ceil(keyPrefix.length / 2);

  let lastYield = performance.now();
  for (let counter = 0; counter <= maxCounter; counter += 1) {
    view.setUint32(counterOffset, counter, false);
    let key = input;
    for (let round = 0; round < cost; round += 1) {
      key = new Uint8Array(await crypto.subtle.digest(algorithm, key));
    }
    key = key.slice(0, keyLength);
    if (bytesToHex(key.subarray(0, prefixBytes)).startsWith(keyPrefix)) {
      return { counter, derivedKey: bytesToHex(key) };
    }
    if (counter % 64 === 0 && performance.now() - lastYield > 50) {
      if (signal && signal.aborted) return null;
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
  return null;
}

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

function bytesToHex(bytes) {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
