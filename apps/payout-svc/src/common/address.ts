import { keccak_256 } from '@noble/hashes/sha3.js';

const SHAPE = /^0x[a-fA-F0-9]{40}$/;

/** The EIP-55 checksummed form of a 0x address (any case in). */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = Buffer.from(keccak_256(new TextEncoder().encode(hex))).toString('hex');
  let out = '0x';
  for (let i = 0; i < 40; i += 1) {
    out += parseInt(hash[i], 16) >= 8 ? hex[i].toUpperCase() : hex[i];
  }
  return out;
}

/**
 * A BEP20 (EVM) address: 0x + 40 hex. All-lower or all-upper hex carries no checksum and is
 * accepted; mixed case must be the EIP-55 checksum (a typo in a mixed-case address is caught).
 */
export function isValidAddress(address: string): boolean {
  if (!SHAPE.test(address)) return false;
  const body = address.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  return toChecksumAddress(address) === address;
}
