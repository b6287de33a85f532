/**
 * Adaptive composite quadrature shared by the free-convolution methods. A piece is a fixed
 * cosine-mapped Gauss–Legendre rule on [a, b] turned into nodes of μ_δ (positions x, masses w,
 * Hilbert transforms H); an interval is halved until the mass and second moment of each piece
 * agree with the sum over its halves. The partition does not depend on ε, so it is computed once
 * and only the piece containing ε's preimage is re-integrated.
 */
export interface QuadraturePiece {
  readonly a: number;
  readonly b: number;
  readonly x: Float64Array;
  readonly w: Float64Array;
  readonly H: Float64Array;
}

export type PieceFactory = (a: number, b: number) => QuadraturePiece;

export const PIECE_TOLERANCE = 1e-13;
const MAX_DEPTH = 40;
/** A budget on pieces per interval, so an integrand noisier than the tolerance cannot run away. */
const MAX_PIECES = 4096;

export function adaptivePartition(a: number, b: number, makePiece: PieceFactory, tolerance = PIECE_TOLERANCE): QuadraturePiece[] {
  const leaves: QuadraturePiece[] = [];
  refine(makePiece(a, b), 0);
  return leaves;

  function refine(parent: QuadraturePiece, depth: number): void {
    const middle = 0.5 * (parent.a + parent.b);
    const left = makePiece(parent.a, middle);
    const right = makePiece(middle, parent.b);
    const [m0, s0] = moments(parent);
    const [m1, s1] = moments(left);
    const [m2, s2] = moments(right);
    const converged = Math.abs(m0 - m1 - m2) <= tolerance && Math.abs(s0 - s1 - s2) <= tolerance * Math.max(1, s0);
    if (converged || depth >= MAX_DEPTH || leaves.length >= MAX_PIECES) {
      leaves.push(left, right);
      return;
    }
    refine(left, depth + 1);
    refine(right, depth + 1);
  }
}

/** The part of a partition above `cut` (leaf containing it re-integrated on [cut, b]). */
export function piecesAbove(partition: readonly QuadraturePiece[], cut: number, makePiece: PieceFactory): QuadraturePiece[] {
  const pieces: QuadraturePiece[] = [];
  for (const leaf of partition) {
    if (leaf.a >= cut) pieces.push(leaf);
    else if (leaf.b > cut) pieces.push(makePiece(cut, leaf.b));
  }
  return pieces;
}

/** The part of a partition below `cut`. */
export function piecesBelow(partition: readonly QuadraturePiece[], cut: number, makePiece: PieceFactory): QuadraturePiece[] {
  const pieces: QuadraturePiece[] = [];
  for (const leaf of partition) {
    if (leaf.b <= cut) pieces.push(leaf);
    else if (leaf.a < cut) pieces.push(makePiece(leaf.a, cut));
  }
  return pieces;
}

/** All nodes of the pieces in one set of arrays. */
export function concatenate(pieces: readonly QuadraturePiece[]): {
  x: Float64Array;
  w: Float64Array;
  H: Float64Array;
  count: number;
} {
  const count = pieces.reduce((n, p) => n + p.x.length, 0);
  const x = new Float64Array(count);
  const w = new Float64Array(count);
  const H = new Float64Array(count);
  let offset = 0;
  for (const piece of pieces) {
    x.set(piece.x, offset);
    w.set(piece.w, offset);
    H.set(piece.H, offset);
    offset += piece.x.length;
  }
  return { x, w, H, count };
}

export function totalMass(pieces: readonly QuadraturePiece[]): number {
  let mass = 0;
  for (const piece of pieces) for (const w of piece.w) mass += w;
  return mass;
}

function moments(piece: QuadraturePiece): [number, number] {
  let mass = 0;
  let second = 0;
  for (let i = 0; i < piece.x.length; i++) {
    mass += piece.w[i];
    second += piece.w[i] * piece.x[i] * piece.x[i];
  }
  return [mass, second];
}
