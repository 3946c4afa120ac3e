// Builds web/public/generated/ (what the site serves besides the bundle): every network of
// web/networks.ts compiled by the CLI (hsnn rates on samples/, then hsnn compile --rates), the
// simulator module, the sample subjects and manifest.json. A network is recompiled only when its
// entry or its checkpoint's bytes change (key in out/web-build/, outside the site). Usage: node --import tsx web/scripts/build-assets.ts
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeCheckpoint } from '../../formats/checkpoint.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { NETWORKS } from '../networks.js';
import type { ShippedNetwork } from '../networks.js';
import type { Manifest, ManifestNetwork } from '../src/protocol.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'web/public/generated');
const CLI = join(ROOT, 'bin/hsnn.mjs');

function hsnn(args: readonly string[]): void {
  console.log(`  hsnn ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`hsnn ${args[0]} failed (exit ${r.status ?? r.signal})`);
}

function commandsFor(n: ShippedNetwork, rates: string, netlist: string): string[][] {
  return [
    ['rates', n.checkpoint, '--data', 'samples', '--all', '-T', String(n.T), '--out', rates],
    ['compile', n.checkpoint, '--target', n.target, '--quantize', n.quantize, '--rates', rates, '-o', netlist],
  ];
}

function buildNetwork(n: ShippedNetwork): ManifestNetwork {
  const ckpt = readFileSync(join(ROOT, n.checkpoint));
  const sha = createHash('sha256').update(ckpt).digest('hex');
  const rel = `networks/${n.id}.netlist.pb`;
  const netlist = `web/public/generated/${rel}`, rates = `web/public/generated/networks/${n.id}.rates.json`;
  const commands = commandsFor(n, rates, netlist);
  const key = JSON.stringify({ sha, commands });
  const keyFile = join(ROOT, 'out/web-build', `${n.id}.key`);
  if (!existsSync(join(ROOT, netlist)) || !existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== key) {
    console.log(`network ${n.id}:`);
    for (const c of commands) hsnn(c);
    writeFileAtomic(keyFile, key);
  } else console.log(`network ${n.id}: up to date`);
  const preprocess = decodeCheckpoint(ckpt, n.checkpoint).header.preprocess;
  return {
    id: n.id, title: n.title, file: `generated/${rel}`, T: n.T, bytes: statSync(join(ROOT, netlist)).size,
    checkpoint: n.checkpoint, checkpointSha256: sha, preprocess, commands: commands.map((c) => `hsnn ${c.join(' ')}`),
  };
}

function copySamples(): Manifest['samples'] {
  const ds = JSON.parse(readFileSync(join(ROOT, 'samples/dataset.json'), 'utf8')) as { training: { image: string; label: string }[] };
  mkdirSync(join(OUT, 'samples/imagesTr'), { recursive: true });
  mkdirSync(join(OUT, 'samples/labelsTr'), { recursive: true });
  copyFileSync(join(ROOT, 'samples/LICENSE'), join(OUT, 'samples/LICENSE'));
  return ds.training.map((t) => {
    const image = t.image.replace(/^\.\//, ''), label = t.label.replace(/^\.\//, '');
    copyFileSync(join(ROOT, 'samples', image), join(OUT, 'samples', image));
    copyFileSync(join(ROOT, 'samples', label), join(OUT, 'samples', label));
    const id = image.replace(/^.*\//, '').replace(/\.nii(\.gz)?$/, '');
    return { id, image: `generated/samples/${image}`, label: `generated/samples/${label}` };
  });
}

function main(): void {
  mkdirSync(join(OUT, 'networks'), { recursive: true });
  const wasm = join(ROOT, 'runtime-wasm/build/hsnn.wasm');
  if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run npm run build:wasm first`);
  copyFileSync(wasm, join(OUT, 'hsnn.wasm'));
  const manifest: Manifest = { wasm: 'generated/hsnn.wasm', networks: NETWORKS.map(buildNetwork), samples: copySamples() };
  writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(`wrote ${join(OUT, 'manifest.json')}: ${manifest.networks.length} networks, ${manifest.samples.length} samples`);
}

main();
