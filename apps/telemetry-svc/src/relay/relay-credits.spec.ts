import { BYTES_PER_MB, milliMbOfBytes, relayCredit } from './relay-credits';

describe('relay credits', () => {
  it('converts bytes to milli-MB rounding down', () => {
    expect(milliMbOfBytes(BYTES_PER_MB)).toBe(1000);
    expect(milliMbOfBytes(1048)).toBe(0);
    expect(milliMbOfBytes(1049)).toBe(1);
    expect(milliMbOfBytes(5 * BYTES_PER_MB + 524_288)).toBe(5500);
  });

  it('credits exactly the total over batches, whatever the split', () => {
    const batches = [1_000, 333_333, 1, 777_777, 12_345_678, 0, 999];
    let total = 0;
    let credited = 0;
    for (const bytes of batches) {
      total += bytes;
      credited += relayCredit(total, credited);
    }
    expect(credited).toBe(milliMbOfBytes(total));
  });

  it('never credits backwards', () => {
    expect(relayCredit(1_000, 5)).toBe(0);
  });
});
