// The scoring stages of an experiment job (protocol in presets.ts, ScoringProtocol): the ANN with tfjs on
// every test subject, each SNN with tfjs at one T on a fixed subject prefix, and each SNN on the
// simulator after compiling it. Every stage is a cachedStage under JOB/scores/, keyed by the checkpoint's
// sha256, T, engine and subject ids, so a restarted job reuses finished stages and never mixes stale ones.
import { join } from 'node:path';
import type { Stat } from '../../data/metrics.js';
import type { SliceDataset } from '../../data/types.js';
import { annPredict } from '../../models/unet/ann.js';
import { loadAnn } from '../../models/unet/ann-checkpoint.js';
import { evaluateSubjects, type EvalReport } from '../../models/unet/evaluate.js';
import { disposeWeights } from '../../models/unet/weights.js';
import { diceAgainstT } from '../../models/snn/evaluate-snn.js';
import { cachedStage } from './job-stage.js';
import type { ExperimentPreset } from './presets.js';
import { compileForSim, simulateSubjects, type SimScore } from './sim-score.js';
import { loadSnn, readSnn, sha256File } from '../../models/snn/snn-checkpoint.js';

export interface DiceSummary {
  readonly engine?: 'tfjs';
  readonly T?: number;
  readonly dice2d: Stat;
  readonly dice2dHippocampus: Stat;
  readonly dice3d: Stat;
  readonly subjects: number;
  readonly perSubject?: readonly { readonly id: string; readonly dice3d: number }[];
  readonly seconds?: number;
}

export type Log = (line: string) => void;

export interface ScoreContext {
  readonly p: ExperimentPreset;
  readonly dir: string;
  readonly data: SliceDataset;
  /** The fold's test subjects, in split order. */
  readonly test: readonly string[];
  readonly threads: number;
  readonly log: Log;
}

const summary = (r: EvalReport, T: number | undefined, seconds: number): DiceSummary => ({
  engine: 'tfjs', ...(T !== undefined ? { T } : {}), dice2d: r.dice2d, dice2dHippocampus: r.dice2dHippocampus, dice3d: r.dice3d,
  subjects: r.subjects.length, perSubject: r.subjects.map((s) => ({ id: s.id, dice3d: s.dice3d })), seconds,
});

/** The first evalSubjects test subjects (all when null): the tfjs and T = 200 sample, the same in every stage. */
export const evalIds = (c: ScoreContext): string[] => (c.p.scoring.evalSubjects === null ? [...c.test] : c.test.slice(0, c.p.scoring.evalSubjects));

const fmt = (s: { dice3d: Stat }): string => `${s.dice3d.mean.toFixed(4)} ± ${s.dice3d.std.toFixed(4)}`;

/** An ANN (model 'ann', or 'qcfs-ann' for the low-latency recipe's QCFS ANN) on every test subject. */
export async function scoreAnn(c: ScoreContext, file: string, model = 'ann'): Promise<DiceSummary> {
  const key = { model, engine: 'tfjs', checkpoint: sha256File(file), subjects: c.test };
  const r = await cachedStage(join(c.dir, 'scores', `${model}-tfjs.json`), key, async () => {
    const t0 = performance.now();
    const a = loadAnn(file);
    const rep = await evaluateSubjects(c.data, c.test, (x) => annPredict(c.p.arch, a.weights, x, a.activation)).finally(() => disposeWeights(a.weights));
    return summary(rep, undefined, (performance.now() - t0) / 1000);
  }, c.log);
  c.log(`${model} (tfjs) 3D Dice ${fmt(r)} on ${r.subjects} test subjects`);
  return r;
}

export async function scoreSnnTfjs(c: ScoreContext, model: string, file: string, T: number): Promise<DiceSummary> {
  const ids = evalIds(c);
  const key = { model, engine: 'tfjs', checkpoint: sha256File(file), T, subjects: ids };
  const r = await cachedStage(join(c.dir, 'scores', `${model}-tfjs-T${T}.json`), key, async () => {
    const t0 = performance.now();
    const s = loadSnn(file);
    try {
      const [res] = await diceAgainstT(s.header.arch, s.weights, s.params, s.snn.seed, c.data, ids, [T]);
      if (!res) throw new Error('internal assertion failed: diceAgainstT returned no result');
      return summary(res.report, T, (performance.now() - t0) / 1000);
    } finally {
      disposeWeights(s.weights);
    }
  }, c.log);
  c.log(`${model} (tfjs, T ${T}) 3D Dice ${fmt(r)} on ${r.subjects} test subjects`);
  return r;
}

/** Compile (rates measured at the fine-tuning T) once per checkpoint, then simulate at T on `ids`. */
export async function scoreSnnSim(c: ScoreContext, model: string, file: string, T: number, ids: readonly string[]): Promise<SimScore> {
  const sim = c.p.scoring.sim;
  const ratesT = c.p.finetune.T;
  const sha = sha256File(file);
  const key = { model, engine: 'simulator', checkpoint: sha, T, subjects: ids, target: sim.target, quantize: sim.quantize, ratesSlices: sim.ratesSlices, ratesSeed: sim.ratesSeed, ratesT };
  const r = await cachedStage(join(c.dir, 'scores', `${model}-sim-T${T}.json`), key, async () => {
    // The netlist's name carries the digest: a changed checkpoint gets a fresh compile, not a stale one.
    const netlist = compileForSim(file, join(c.dir, 'sim'), `${model}-${sha.slice(0, 12)}`, sim, c.data, ratesT);
    c.log(`${model}: simulating ${ids.length} subjects at T ${T} (${sim.target} ${sim.quantize}, ${c.threads} thread(s))`);
    return simulateSubjects(netlist, readSnn(file).header.arch, c.data, ids, T, sim, c.threads);
  }, c.log);
  c.log(`${model} (simulator, T ${T}) 3D Dice ${fmt(r)} on ${r.subjects} subjects, SOP/MAC ${r.sopPerMac.toFixed(3)}`);
  return r;
}
