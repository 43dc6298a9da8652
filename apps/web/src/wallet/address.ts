// BEP20 (EVM) wallet addresses: 0x + 40 hex. Mixed case carries an EIP-55 checksum (each
// letter upper case when the matching nibble of keccak-256 of the lower-case hex is ≥ 8), so a
// mistyped character is caught while typing; all-lower or all-upper hex carries none.
import { keccak_256 } from '@noble/hashes/sha3.js';

export type AddressState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'incomplete'; readonly count: number }
  | { readonly kind: 'bad_format' }
  | { readonly kind: 'bad_checksum'; readonly checksummed: string }
  | { readonly kind: 'no_checksum'; readonly checksummed: string }
  | { readonly kind: 'ok'; readonly checksummed: string };

const HEX = '0123456789abcdef';

/** The EIP-55 checksummed form of `0x` + 40 hex (any case in). */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < 40; i += 1) {
    const byte = hash[i >> 1];
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    out += nibble >= 8 ? hex[i].toUpperCase() : hex[i];
  }
  return out;
}

/** What the address field shows while the user types. */
export function checkAddress(input: string): AddressState {
  const value = input.trim();
  if (value === '') return { kind: 'empty' };
  const body = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : undefined;
  if (body === undefined)
    return '0x'.startsWith(value) ? { kind: 'incomplete', count: 0 } : { kind: 'bad_format' };
  if (![...body.toLowerCase()].every((c) => HEX.includes(c)) || body.length > 40) {
    return { kind: 'bad_format' };
  }
  if (body.length < 40) return { kind: 'incomplete', count: body.length };
  const address = `0x${body}`;
  const checksummed = toChecksumAddress(address);
  if (body === body.toLowerCase() || body === body.toUpperCase()) {
    return { kind: 'no_checksum', checksummed };
  }
  return checksummed === address
    ? { kind: 'ok', checksummed }
    : { kind: 'bad_checksum', checksummed };
}

/** Whether the address may be sent (the server checks the same rule). */
export function isSendable(
  state: AddressState,
): state is Extract<AddressState, { kind: 'ok' | 'no_checksum' }> {
  return state.kind === 'ok' || state.kind === 'no_checksum';
}
