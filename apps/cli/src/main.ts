import { createRequire } from 'node:module';
import { type Container, createContainer, TargetRegistry } from '@attention-hd/core';
import { Command } from 'commander';
import { loadPluginModules } from './load-plugins.js';
import { standardPlugins } from './standard-plugins.js';
import { addTargetParameterOptions } from './target-options.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Builds the container (standard plugins + `--plugin` modules) and the command tree. Command
 * implementations are imported lazily, so `--help` and `list` never load a heavy or native module.
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  // subcommands inherit exitOverride from the program via copyInheritedSettings
  const container = createContainer([...standardPlugins(), ...(await loadPluginModules(pluginFlags(argv)))]);
  await buildProgram(container, argv).parseAsync([...argv]);
}

export function buildProgram(container: Container, argv: readonly string[] = []): Command {
  const program = new Command('attention-hd')
    .description('Single-head attention in high dimensions: theory and simulations (arXiv 2509.24914)')
    .version(version)
    .option('--plugin <module>', 'load a plugin package (its ContainerModule); repeatable', collect, [])
    .showHelpAfterError()
    .configureHelp({ sortOptions: false })
    .exitOverride(); // usage errors and --help/--version throw a CommanderError instead of exiting the process

  program
    .command('list')
    .description('list every registered target, parameterization, solver, trainer, backend and experiment')
    .option('--json', 'print JSON to stdout')
    .action(async (options) => (await import('./commands/list-command.js')).runList(container, options));

  const run = program
    .command('run')
    .description(
      'run a standard experiment (see `list`): tidy results.csv, summary.json and the figure in a run directory; resumes',
    )
    .argument('[experiment]', 'experiment id, e.g. learning-curve (`run <experiment> --help` lists its parameters)')
    .helpOption(false)
    .option('-h, --help', 'this help; with an experiment, also its parameters (the keys of --set)')
    .option('--quick', 'the small preset (finishes in under a minute)')
    .option('--set <key=value>', 'set an experiment parameter (repeatable; see `list --json` for names and ranges)', collect, [])
    .option('--seeds <N>', 'simulation runs per point (the seeds parameter)')
    .option('--backend <id>', 'compute backend for the Adam runs (default: the best available)')
    .option('--out <dir>', 'root of the run store', 'runs')
    .option('--force', 'start a new run directory instead of resuming the one with the same configuration')
    .option('--repair', 'drop the damaged rows of results.csv and recompute exactly those units')
    .option('--shard <I/N>', 'compute only the I-th of N deterministic parts of the run (join them with `merge`)')
    .option('--workers <N>', 'units in parallel on N worker threads (default: the number of cores, or $ATTENTION_HD_WORKERS)')
    .option(
      '--queue <redis-url>',
      'send the units to a BullMQ queue on Redis (redis://HOST:PORT); `attention-hd worker` computes them',
    )
    .option(
      '--overlay-reference [dir]',
      "draw the paper authors' stored points where they overlap (dir: their data/ folder; default: $ATTENTION_HD_REFERENCE or ../shared/reference/extensive-attention-v1/data)",
    )
    .option('--json', 'print JSON to stdout')
    .action(async (experiment, options) =>
      (await import('./commands/run-command.js')).runRun(container, experiment, options, run, pluginFlags(argv), argv.slice(2)),
    );

  program
    .command('worker')
    .description('take units from a run queue on Redis and compute them, until stopped (Ctrl-C finishes the current units)')
    .requiredOption('--queue <redis-url>', 'the queue, redis://HOST:PORT')
    .option('--workers <N>', 'units at once, each on its own thread (default: the number of cores)')
    .action(async (options) => (await import('./commands/worker-command.js')).runWorker(options));

  program
    .command('runs')
    .description('list the run directories, newest first: configuration hash, status (complete, partial, failed units), units')
    .option('--experiment <id>', 'only this experiment')
    .option('--out <dir>', 'root of the run store', 'runs')
    .option('--json', 'print JSON to stdout')
    .action(async (options) => (await import('./commands/runs-command.js')).runRuns(options));

  program
    .command('compare')
    .description(
      "two runs of one experiment side by side: every shared metric's relative deviation per point, and an overlay figure",
    )
    .argument('<run-a>', 'a run directory')
    .argument('<run-b>', 'another run directory of the same experiment')
    .option('--out <dir>', 'write compare.vl.json, compare.svg and compare.png there')
    .option('--json', 'print JSON to stdout')
    .action(async (a, b, options) => (await import('./commands/runs-command.js')).runCompare(a, b, options));

  program
    .command('report')
    .description(
      'a self-contained report.html (interactive figures with tooltips, parameters, provenance, agreement with the authors) for a run directory or a runs directory',
    )
    .argument('<dir>', 'a run directory (report.html in it) or a runs directory (one section per run, report.html at its top)')
    .option('--json', 'print JSON to stdout')
    .action(async (dir, options) => (await import('./commands/runs-command.js')).runReport(dir, options));

  program
    .command('merge')
    .description('join run directories of one configuration (the shards of `run --shard I/N`) into its run directory')
    .argument('<run-dirs...>', 'run directories, e.g. from several machines')
    .option('--out <dir>', 'root of the run store', 'runs')
    .option('--json', 'print JSON to stdout')
    .action(async (dirs, options) => (await import('./commands/run-command.js')).runMerge(container, dirs, options));

  program
    .command('plot')
    .description("re-render a run directory's summary.json, figure.vl.json, figure.svg and figure.png from its results.csv")
    .argument('<run-dir>', 'a run directory, e.g. runs/learning-curve/<timestamp>-<hash>')
    .option('--json', 'print JSON to stdout')
    .action(async (runDir, options) => (await import('./commands/run-command.js')).runPlot(container, runDir, options));

  program
    .command('doctor')
    .description('Node, cores, memory, package versions, and which compute backends load here')
    .option('--json', 'print JSON to stdout')
    .action(async (options) => (await import('./commands/doctor-command.js')).runDoctor(container, options));

  const sample = program
    .command('sample')
    .description(
      'draw a target S₀ and a data batch with a seed; empirical spectral moments and variances next to their exact values',
    )
    .option('--target <id>', 'target id (see `list`)', 'mp')
    .option('--d <d>', 'embedding dimension d', '400')
    .option('--n <n>', 'number of sequences', '10000')
    .option('--T <T>', 'tokens per sequence T', '2')
    .option('--noise <Δ>', 'label-noise variance Δ', '0.5')
    .option('--beta0 <β₀>', 'target inverse temperature β₀', '1')
    .option('--seed <seed>', 'seed (same seed, same output)', '1')
    .option('--json', 'print JSON to stdout');
  addTargetParameterOptions(sample, container.get(TargetRegistry).list());
  sample.action(async (options) => (await import('./commands/sample-command.js')).runSample(container, options));

  const denoiser = program
    .command('denoiser')
    .description('free convolution μ₀ ⊞ SC(δ²) of a target law and the denoiser integrals J, ∂J, F_δ(ε) at one (δ, ε)')
    .option('--target <id>', 'target id (see `list`)', 'mp')
    .requiredOption('--delta <δ>', 'semicircle scale δ (variance δ²), ≥ 0')
    .requiredOption('--epsilon <ε>', 'soft threshold ε')
    .option('--d <d>', 'dimension (needed by finite-d targets such as power-law)')
    .option('--method <method>', "'auto' (closed form where one exists) or 'general' (Biane's method)", 'auto')
    .option('--json', 'print JSON to stdout');
  addTargetParameterOptions(denoiser, container.get(TargetRegistry).list());
  denoiser.action(async (options) => (await import('./commands/denoiser-command.js')).runDenoiser(container, options));

  const se = program
    .command('se')
    .description(
      'state evolution of the ERM (docs/theory.md §3) or the Bayes-optimal bound (§3.13): overlaps, test and train error at one α or along α1,α2,…',
    )
    .option('--param <param>', 'a parameterization with a theory solver (see `list`)', 'factorized')
    .option('--solver <id>', "a theory solver by id (see `list`), e.g. 'bayes-optimal'; default: the one for --param")
    .option('--target <id>', 'target id (see `list`)', 'mp')
    .option('--d <d>', 'dimension (finite-d targets such as power-law)')
    .option('--noise <Δ>', 'label-noise variance Δ', '0.5')
    .option('--lambda-tilde <λ̃>', 'λ̃ = √κ λ; 0 gives the λ → 0⁺ limit', '0.01')
    .option('--T <T>', 'tokens T', '2')
    .option('--beta <β>', 'student inverse temperature β', '1')
    .option('--beta0 <β₀>', 'target inverse temperature β₀', '1')
    .option('--kappa <κ>', 'student width ratio κ = p/d (factorized)', '1')
    .requiredOption('--alpha <α>', 'α = n/d², or a comma-separated list (warm-started; then a JSON array)')
    .option('--cv', 'cross-validate λ̃: the minimum of e_test over λ̃ ∈ [1e-6, 1]')
    .option('--samples <N>', 'channel integration nodes (default: as many as --mc-error needs, from 16384)')
    .option('--mc-error <r>', 'relative Monte Carlo standard error of e_test to reach when --samples is not given', '0.003')
    .option('--seed <seed>', 'seed of the integration nodes', '1')
    .option(
      '--workers <N>',
      'threads for the T ≥ 3 channel (default: the number of cores, or $ATTENTION_HD_WORKERS); the numbers do not depend on it',
    )
    .option('--channel <kind>', "'softmax' or 'identity' (linear attention)", 'softmax')
    .option(
      '--variant <v>',
      "a variant of the solver (see `list`), e.g. direct: 'simulation' (penalty dλ̃‖S‖², default) or 'stored-theory' (the authors' SE_L2 λ̃)",
    )
    .option('--proximal-branch <b>', "'label' (default, the paper's) or 'lowest'", 'label')
    .option(
      '--branch-search <s>',
      "'auto' (default): also continue along α from below and from above where the per-sample problem has two minima at the fixed point (about 9× the cost there); 'both-sides' everywhere; 'starts' never",
      'auto',
    )
    .option('--hat-forms <f>', "m̂, Σ̂ estimators: 'auto' (default), 'stein' or 'derivative' everywhere (cross-checks)", 'auto')
    .option(
      '--channel-law <law>',
      "'gaussian' (default, the paper's channel) or 'exact': the exact token law at finite d (needs --d): the SE re-solved with it (factorized with κ = 1, or direct), else e_test of the estimator under it",
      'gaussian',
    )
    .option('--exact-samples <N>', 'token sequences per estimator draw for the e_test of --channel-law exact', '200000')
    .option('--exact-draws <N>', 'GOE draws of the estimator with --channel-law exact', '4')
    .option('--exact-channel-samples <N>', "token sequences per draw in the exact-law SE's output channel", '20000')
    .option('--json', 'print JSON to stdout');
  addTargetParameterOptions(se, container.get(TargetRegistry).list());
  se.action(async (options) => (await import('./commands/se-command.js')).runSe(container, options));

  const gamp = program
    .command('gamp')
    .description(
      'GAMP on finite instances (docs/theory.md §3.14): the ERM or Bayes-optimal estimator per seed, on the data Adam would draw',
    )
    .option(
      '--estimator <e>',
      "'erm' (the penalty's proximal prior, the loss's proximal channel) or 'bayes-optimal' (RIE prior, inverted-softmax channel)",
      'erm',
    )
    .option('--param <param>', 'parameterization whose ERM to solve (a theory solver declares its penalty on S)', 'factorized')
    .option('--target <id>', 'target id (see `list`)', 'mp')
    .option('--d <d>', 'dimension d', '100')
    .requiredOption('--alpha <α>', 'α = n/d²')
    .option('--seeds <N>', 'instances (teacher, data) seed, seed + 1, …', '1')
    .option('--seed <seed>', 'first seed', '1')
    .option('--lambda-tilde <λ̃>', 'λ̃ = √κ λ (> 0)', '0.01')
    .option('--noise <Δ>', 'label-noise variance Δ', '0.5')
    .option('--T <T>', 'tokens T', '2')
    .option('--beta <β>', 'student inverse temperature β', '1')
    .option('--beta0 <β₀>', 'target inverse temperature β₀', '1')
    .option('--kappa <κ>', 'student width ratio (GAMP solves for S: κ = 1)', '1')
    .option(
      '--acceleration <how>',
      "after 20 undamped iterations: 'anderson' (mixing of the last 5 iterates), 'adaptive-damping' (halved on oscillating steps) or 'none' (--damping from the start)",
      'anderson',
    )
    .option('--damping <ρ>', "weight of the new iterate (Anderson's β, or the damping)", '0.5')
    .option('--tol <tol>', 'stop when the undamped step ‖η(R) − Ŝ‖_F/‖Ŝ‖_F is below this', '1e-5')
    .option('--max-iterations <N>', 'iteration cap (then status max-iterations)', '500')
    .option('--n-test <N>', 'fresh test sequences per seed for e_test', '10000')
    .option(
      '--backend <id>',
      "compute backend for the sensing operator's per-sample forms (default: the best available that offers them; 'none': float64 TypeScript)",
    )
    .option(
      '--trajectory <K>',
      "K undamped iterations from Ŝ = 0, with the overlaps per iteration beside the state evolution's from the same start",
    )
    .option('--json', 'print JSON to stdout');
  addTargetParameterOptions(gamp, container.get(TargetRegistry).list());
  gamp.action(async (options) =>
    (await import('./commands/gamp-command.js')).runGamp(container, {
      ...options,
      dampingGiven: gamp.getOptionValueSource('damping') === 'cli',
    }),
  );

  const threshold = program
    .command('threshold')
    .description('thresholds of Corollary 3.2 / Fig. 2 right: interp, perfect, bayes, direct (in ᾱ and α)')
    .requiredOption('--kind <kind>', "'interp', 'perfect', 'bayes' or 'direct'")
    .option('--target <id>', 'target id (see `list`)', 'mp')
    .option('--d <d>', 'dimension (finite-d targets)')
    .option('--noise <Δ>', 'label-noise variance Δ (interp)', '0.5')
    .option('--T <T>', 'tokens T', '2')
    .option('--json', 'print JSON to stdout');
  addTargetParameterOptions(threshold, container.get(TargetRegistry).list());
  threshold.action(async (options) => (await import('./commands/threshold-command.js')).runThreshold(container, options));

  const train = program
    .command('train')
    .description('Adam training of an attention layer at finite d (docs/theory.md §2, §7), over seeds; optional λ grid')
    .option('--param <param>', 'parameterization id (see `list`; a plugin’s included)', 'factorized')
    .option('--target <id>', 'target id (see `list`)', 'mp')
    .option('--noise <Δ>', 'label-noise variance Δ', '0.5')
    .option('--lambda <λ>', 'weight decay λ in L = Σ‖y − ŷ‖² + λ‖W‖²_F (direct: λ√(pd)‖S‖²_F)')
    .option('--lambda-tilde <λ̃>', "or λ̃ = √κ λ, the theory's regularisation (default 0.01 when neither is given)")
    .option('--lambda-grid <λ1,λ2,…>', 'cross-validate: train at every λ of the list, keep the lowest mean test error')
    .option('--T <T>', 'tokens T', '2')
    .option('--beta <β>', 'student inverse temperature β', '1')
    .option('--beta0 <β₀>', 'target inverse temperature β₀', '1')
    .option('--d <d>', 'dimension d', '100')
    .option('--kappa <κ>', 'student width ratio κ = p/d ≤ 1 (factorized)', '1')
    .requiredOption('--alpha <α>', 'α = n/d² (n = ⌊α d²⌋ training sequences)')
    .option('--output <kind>', "'seq2lab' or 'seq2seq'", 'seq2lab')
    .option('--seeds <N>', 'independent runs (new data and initialisation each)', '1')
    .option('--seed <S>', 'run k uses data and init seed S + k', '1')
    .option('--teacher-seed <s>', "one teacher S₀ for all runs, as the paper's scripts (default: a new one per run)")
    .option('--backend <id>', 'compute backend (default: the best available; see `doctor`)')
    .option('--lr <lr>', 'Adam learning rate', '0.1')
    .option('--adam-beta1 <β₁>', 'Adam β₁', '0.9')
    .option('--adam-beta2 <β₂>', 'Adam β₂', '0.999')
    .option('--adam-epsilon <ε>', 'Adam ε', '1e-8')
    .option('--max-steps <M>', 'step cap', '100000')
    .option('--min-steps <m>', 'no tolerance stop before this many steps', '100')
    .option('--tol <t>', 'stop when |ΔL|/d² < t between steps (passes, with mini-batches)', '1e-9')
    .option('--batch-size <B>', 'mini-batch size (default: full batch)')
    .option('--init-scale <s>', 'θ initialised i.i.d. N(0, s²)', '1')
    .option('--n-test <N>', 'fresh test sequences', '2000')
    .option('--quick', 'a smoke-test size: d at most 24, at most 2 seeds, 500 test sequences')
    .option('--json', 'print JSON to stdout');
  addTargetParameterOptions(train, container.get(TargetRegistry).list());
  train.action(async (options) => (await import('./commands/train-command.js')).runTrain(container, options));

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--plugin x` / `--plugin=x` occurrences, read before commander so plugins can add options. */
function pluginFlags(argv: readonly string[]): string[] {
  const specifiers: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--plugin' && i + 1 < argv.length) specifiers.push(argv[++i]);
    else if (argv[i].startsWith('--plugin=')) specifiers.push(argv[i].slice('--plugin='.length));
  }
  return specifiers;
}
