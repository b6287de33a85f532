import type { SpectralLaw } from '@attention-hd/core';

/**
 * The pieces of Biane's parametrisation of μ₀ ⊞ SC(t) that only need G₀ (docs/theory.md §11.2):
 * for real u, v_t(u) = inf{v ≥ 0 : ∫dμ₀(a)/((u − a)² + v²) ≤ 1/t}, and the homeomorphism
 * ψ_t(u) = u + t Re G₀(u + i v_t(u)) of ℝ onto ℝ, with ρ_t(ψ(u)) = v/(πt) and H(ψ(u)) = (ψ(u) − u)/t.
 */
export class SemicircleSubordination {
  readonly t: number;

  constructor(
    readonly law: SpectralLaw,
    delta: number,
  ) {
    this.t = delta * delta;
  }

  /** h(u, v) = ∫ dμ₀(a)/((u − a)² + v²) = −Im G₀(u + iv)/v (v > 0), −G₀′(u) at v = 0. */
  h(u: number, v: number): number {
    if (v > 0) return -this.law.stieltjes({ re: u, im: v }).im / v;
    return -this.law.stieltjesDerivative({ re: u, im: 0 }).re;
  }

  /**
   * v_t(u): 0 outside U_t, else the root of h(u, v) = 1/t in (0, √t]. Safeguarded Newton on
   * g(s) = 1/h − t in s = v² (exact in one step for a single atom; g′(s) = (Re G₀′ + h)/(2 s h²)),
   * falling back to bisection when a step leaves the bracket. `guess`: v at a nearby u.
   */
  v(u: number, guess?: number): number {
    const t = this.t;
    const probe = Math.sqrt(t) * 1e-13;
    if (!(this.h(u, probe) > 1 / t)) return 0;
    let sLo = 0; // g(sLo) < 0
    let sHi = t; // g(t) ≥ 0 since h ≤ 1/v²
    let s = guess !== undefined && guess > 0 && guess * guess < t ? guess * guess : t / 2;
    for (let iteration = 0; iteration < 100; iteration++) {
      const v = Math.sqrt(s);
      const g0 = this.law.stieltjes({ re: u, im: v });
      const h = -g0.im / v;
      const g = 1 / h - t;
      if (g > 0) sHi = s;
      else sLo = s;
      if (Math.abs(g) <= 1e-15 * t) break;
      const slope = (this.law.stieltjesDerivative({ re: u, im: v }).re + h) / (2 * s * h * h);
      let next = s - g / slope;
      if (!(next > sLo && next < sHi)) next = sLo > 0 ? 0.5 * (sLo + sHi) : 0.25 * sHi;
      if (Math.abs(next - s) <= 4e-16 * s) {
        s = next;
        break;
      }
      s = next;
    }
    return Math.sqrt(s);
  }

  psi(u: number, v: number): number {
    return u + this.t * this.law.stieltjes({ re: u, im: v }).re;
  }

  /** ψ′(u) = |A|²/Re A with A = 1 + t G₀′(u + iv) (A real, = 1 − t h₀, where v = 0). */
  psiPrime(u: number, v: number): number {
    const g = this.law.stieltjesDerivative({ re: u, im: v });
    const aRe = 1 + this.t * g.re;
    const aIm = this.t * g.im;
    if (v === 0) return aRe;
    return (aRe * aRe + aIm * aIm) / aRe;
  }
}
