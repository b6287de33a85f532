/**
 * Derivation of independent generator states from a user seed and stream labels
 * (e.g. seed 3, stream "teacher"), so that data, teacher and initialisation never share numbers and a
 * given (seed, labels) always gives the same stream, on every machine.
 */

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a label. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: a bijective mixer with good avalanche, used to expand one word into many. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export type SeedLabel = string | number;

/** Four 32-bit words (a 128-bit generator state, never all zero) from a seed and stream labels. */
export function deriveStateWords(seed: SeedLabel, labels: readonly SeedLabel[]): [number, number, number, number] {
  let h = hashLabel(`attention-hd:${String(seed)}`);
  for (const label of labels) h = splitmix32(h ^ hashLabel(String(label)));
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let x = h;
  for (let i = 0; i < 4; i++) {
    x = splitmix32(x + i);
    words[i] = x | 0;
  }
  if (words.every((w) => w === 0)) words[0] = 1;
  return words;
}
