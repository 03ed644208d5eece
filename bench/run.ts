import { measureBatch } from './batch.js';
import { measureBreakdown } from './breakdown.js';
import { measureBundles } from './bundles.js';
import { measureLoad } from './load.js';
import { measureLog } from './log.js';
import { measureVerify } from './verify.js';

const BUNDLE_GOAL_BYTES = 250 * 1024;
const IMPORT_RATIO_GOAL = 1.3;
const VERIFY_THROUGHPUT_GOAL = 0.9;
const VERIFY_LATENCY_RATIO_GOAL = 1.1;
const LOG_APPEND_RATIO_GOAL = 1.3;
const BATCH_CPU_RATIO_GOAL = 0.25;
const BATCH_LATENCY_RATIO_GOAL = 3;
const LOG_PROOF_RATIO_GOAL = 2;

/** `npm run bench` runs every section; `npm run bench -- verify` (or `bundles`, `breakdown`, `load`, `log`, `batch`) runs one. */
const only = process.argv[2];
const met = (ok: boolean) => (ok ? 'yes' : 'NO');

if (!only || only === 'bundles') {
  const bundles = await measureBundles();
  console.log('## Bundles (minified, without @aws-sdk) and cold import time vs a floor that only imports @aws-sdk/lib-dynamodb\n');
  console.log('| bundle | size (KB) | import median (ms) | ratio to floor | goal met |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const figure of bundles) {
    const goal = figure.name === 'floor' ? '—' : met(figure.bytes <= BUNDLE_GOAL_BYTES && figure.importRatio <= IMPORT_RATIO_GOAL);
    console.log(
      `| ${figure.name} | ${(figure.bytes / 1024).toFixed(1)} | ${figure.importMs.toFixed(1)} | ${figure.importRatio.toFixed(2)}× | ${goal} |`,
    );
  }
  console.log();
}

if (!only || only === 'verify') {
  const figures = await measureVerify((line) => console.error(`  ${line}`));
  console.log('## Verify: throughput vs a one-GetItem floor, and median latency by table size (DynamoDB Local, 127.0.0.1)\n');
  console.log('| measure | value | goal | goal met |');
  console.log('| --- | ---: | ---: | --- |');
  console.log(`| verify throughput, full local HTTP stack (req/s) | ${figures.verifyRps.toFixed(0)} | | |`);
  console.log(`| floor throughput, node:http + one GetItem (req/s) | ${figures.floorRps.toFixed(0)} | | |`);
  console.log(`| verify / floor | ${figures.throughputRatio.toFixed(2)} | ≥ ${VERIFY_THROUGHPUT_GOAL} | ${met(figures.throughputRatio >= VERIFY_THROUGHPUT_GOAL)} |`);
  const { verify, floor } = figures.cpuPerRequest;
  console.log(`| CPU per request, verify server / floor server (ms) | ${verify.serverMs.toFixed(2)} / ${floor.serverMs.toFixed(2)} | | |`);
  console.log(`| CPU per request, database under verify / under floor (ms) | ${verify.databaseMs.toFixed(2)} / ${floor.databaseMs.toFixed(2)} | | |`);
  console.log(`| verify errors and non-2xx under load | ${figures.verifyErrors} | 0 | ${met(figures.verifyErrors === 0)} |`);
  console.log(`| verify p50, 1k published notices (ms) | ${figures.p50SmallMs.toFixed(2)} | | |`);
  console.log(`| verify p50, 100k published notices (ms) | ${figures.p50LargeMs.toFixed(2)} | | |`);
  console.log(`| p50 100k / 1k | ${figures.latencyRatio.toFixed(2)} | ≤ ${VERIFY_LATENCY_RATIO_GOAL} | ${met(figures.latencyRatio <= VERIFY_LATENCY_RATIO_GOAL)} |`);
  console.log();
}

if (!only || only === 'batch') {
  const figures = await measureBatch((line) => console.error(`  ${line}`));
  console.log('## Batch verify (100 numbers, hits, misses, duplicates) vs single verify, same server, rounds interleaved\n');
  console.log('| measure | single | batch | ratio | goal | goal met |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  console.log(
    `| server CPU per number (ms) | ${figures.singleCpuMsPerNumber.toFixed(3)} | ${figures.batchCpuMsPerNumber.toFixed(3)} | ${figures.cpuRatio.toFixed(2)}× | ≤ ${BATCH_CPU_RATIO_GOAL}× | ${met(figures.cpuRatio <= BATCH_CPU_RATIO_GOAL)} |`,
  );
  console.log(
    `| p50 latency of one request (ms) | ${figures.singleP50Ms.toFixed(2)} | ${figures.batchP50Ms.toFixed(2)} | ${figures.latencyRatio.toFixed(2)}× | ≤ ${BATCH_LATENCY_RATIO_GOAL}× | ${met(figures.latencyRatio <= BATCH_LATENCY_RATIO_GOAL)} |`,
  );
  const floorRatio = figures.batchGetItemP50Ms / figures.getItemP50Ms;
  console.log(`| floor: the store alone, GetItem vs one BatchGetItem of 100 (ms) | ${figures.getItemP50Ms.toFixed(2)} | ${figures.batchGetItemP50Ms.toFixed(2)} | ${floorRatio.toFixed(2)}× | | |`);
  console.log(`| batch p50 over its BatchGetItem floor / single p50 over its GetItem floor | | | ${(figures.batchP50Ms / figures.batchGetItemP50Ms).toFixed(2)}× / ${(figures.singleP50Ms / figures.getItemP50Ms).toFixed(2)}× | | |`);
  console.log();
}

if (!only || only === 'breakdown') {
  const layers = await measureBreakdown((line) => console.error(`  ${line}`));
  console.log('## Verify breakdown: server CPU per request of each layer vs plain node:http, same GetItem, side by side\n');
  console.log('| layer | CPU per request vs plain node:http | rounds |');
  console.log('| --- | ---: | --- |');
  for (const { layer, cpuRatio, rounds } of layers) {
    console.log(`| ${layer} | ${cpuRatio.toFixed(2)}× | ${rounds.map((ratio) => ratio.toFixed(2)).join(', ')} |`);
  }
  console.log();
}

if (!only || only === 'load') {
  const { rssBeforeMiB, rounds } = await measureLoad((line) => console.error(`  ${line}`));
  console.log('## Mixed load (6 hits : 3 misses : 1 filing), whole local system, rounds back to back\n');
  console.log('| round | requests | errors | p50 (ms) | p99 (ms) | filings | server RSS after (MiB) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| before | | | | | | ${rssBeforeMiB.toFixed(0)} |`);
  rounds.forEach((round, index) => {
    console.log(`| ${index + 1} | ${round.requests} | ${round.errors} | ${round.p50Ms} | ${round.p99Ms} | ${round.filings} | ${round.rssMiB.toFixed(0)} |`);
  });
  const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
  const first = rounds[0]?.rssMiB ?? Number.NaN;
  const last = rounds.at(-1)?.rssMiB ?? Number.NaN;
  // Growth after the first round (warm caches, JIT) is what a leak would show.
  const growth = (last - first) / first;
  console.log(`\nerrors: ${errors} (goal 0: ${met(errors === 0)}); RSS growth from round 1 to ${rounds.length}: ${(growth * 100).toFixed(1)}% (goal ≤ 10%: ${met(growth <= 0.1)})`);
  console.log();
}

if (!only || only === 'log') {
  const figures = await measureLog((line) => console.error(`  ${line}`));
  const rounds = (values: readonly number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
  console.log('## Transparency log: an edition of 1,000 notices published with and without the log, and proof cost by log size (DynamoDB Local)\n');
  console.log('| measure | value | goal | goal met |');
  console.log('| --- | ---: | ---: | --- |');
  console.log(`| publish 1,000 notices without the log (ms, per round) | ${rounds(figures.withoutLogMs)} | | |`);
  console.log(`| publish 1,000 notices with the log, checkpoint signed (ms, per round) | ${rounds(figures.withLogMs)} | | |`);
  console.log(`| with / without | ${figures.appendRatio.toFixed(2)}× | ≤ ${LOG_APPEND_RATIO_GOAL}× | ${met(figures.appendRatio <= LOG_APPEND_RATIO_GOAL)} |`);
  console.log(`| inclusion proof p50, 1k entries (ms; stored nodes read) | ${figures.proofSmallMs.toFixed(2)} (${figures.nodesReadSmall}) | | |`);
  console.log(`| inclusion proof p50, 1M entries (ms; stored nodes read) | ${figures.proofLargeMs.toFixed(2)} (${figures.nodesReadLarge}) | | |`);
  console.log(`| 1M / 1k | ${figures.proofRatio.toFixed(2)}× | ≤ ${LOG_PROOF_RATIO_GOAL}× | ${met(figures.proofRatio <= LOG_PROOF_RATIO_GOAL)} |`);
  console.log();
}
