/** iterations per damping decision */
const WINDOW = 10;
const MIN_DAMPING = 1 / 64;

/**
 * The adaptive damping's test: after every window of 10 iterations in which consecutive undamped
 * steps point on average at obtuse angles (an oscillation) and the step shrank by less than half, the
 * weight halves (down to 1/64).
 */
export class OscillationWatch {
  #previousStep: Float64Array | null = null;
  #windowStart = Number.POSITIVE_INFINITY;
  #cosines = 0;
  #count = 0;

  /** the cosine between this undamped step and the last one (0 for the first) */
  observe(step: Float64Array): number {
    const previous = this.#previousStep;
    this.#previousStep = step;
    if (previous === null) return 0;
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < step.length; i++) {
      dot += step[i] * previous[i];
      a += step[i] * step[i];
      b += previous[i] * previous[i];
    }
    return dot / Math.sqrt(Math.max(a * b, Number.MIN_VALUE));
  }

  /** opens a window at this relative step */
  start(relative: number): void {
    this.#windowStart = relative;
    this.#cosines = 0;
    this.#count = 0;
  }

  /** the weight for the next iteration */
  adapt(cosine: number, relative: number, damping: number): number {
    this.#cosines += cosine;
    if (++this.#count < WINDOW) return damping;
    const halve = this.#cosines < 0 && relative > 0.5 * this.#windowStart;
    this.start(relative);
    return halve ? Math.max(damping / 2, MIN_DAMPING) : damping;
  }
}
