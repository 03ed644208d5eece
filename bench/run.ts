import { measureBatch } from './batch.js';
import { measureColdStarts, measureInvocations, measurePages, measureProfile, type LoopStats } from './lambda.js';
import { measureLoad } from './load.js';
import { measurePublication } from './publication.js';
import { measureLog } from './log.js';
import { measureSearch } from './search.js';
import { measureVerify } from './verify.js';

/**
 * `npm run bench` runs every section; `npm run bench -- lambda` (or `pages`, `cold`, `profile`, `publication`,
 * `http`, `batch`, `load`, `log`, `search`) runs one, `npm run bench -- lambda,cold` several. Each figure is a ratio against a floor measured in the same run; every goal ends up in the summary
 * with its ratio and whether it is met.
 */
const GOALS = {
  verifyCpu: 1.2,
  distantP50: 1.05,
  coldStart: 1.3,
  bundleKiB: 250,
  largeTableP50: 1.1,
  loadRssGrowth: 0.1,
  publication: 1.5,
  batchCpu: 0.25,
  batchLatency: 3,
  logAppend: 1.3,
  logProof: 2,
  searchP50: 1.1,
};

const only = process.argv[2]?.split(',');
const runs = (section: string) => !only || only.includes(section);
const log = (line: string) => console.error(`  ${line}`);
const summary: string[] = [];
const goal = (name: string, value: string, limit: string, ok: boolean) => summary.push(`| ${name} | ${value} | ${limit} | ${ok ? 'met' : 'not met'} |`);
const ms = (value: number) => value.toFixed(3);
const row = (label: string, stats: LoopStats) =>
  `| ${label} | ${ms(stats.cpuMs)} | ${stats.p50Ms.toFixed(2)} | ${stats.p99Ms.toFixed(2)} | ${stats.invocations} | ${stats.errors} |`;
const LOOP_HEADER = '| environment | CPU per invocation (ms) | p50 (ms) | p99 (ms) | invocations | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |';

if (runs('lambda')) {
  const { local, distant } = await measureInvocations(log);
  console.log('## Lambda mode: verify against the floor bundle, each in its own environment (interleaved loops)\n');
  console.log(LOOP_HEADER);
  console.log(row('floor, DynamoDB Local on loopback', local.reference));
  console.log(row('verify, DynamoDB Local on loopback', local.candidate));
  console.log(row('floor, 2 ms each way', distant.reference));
  console.log(row('verify, 2 ms each way', distant.candidate));
  const { cpuRatio } = local;
  const p50Ratio = distant.candidate.p50Ms / distant.reference.p50Ms;
  console.log(`\nCPU ratio by round (loopback; the goal takes their median): ${local.roundCpuRatios.map((ratio) => ratio.toFixed(2)).join(', ')}\n`);
  goal('verify CPU per invocation / floor (loopback, median of rounds)', `${cpuRatio.toFixed(2)}×`, `≤ ${GOALS.verifyCpu}×`, cpuRatio <= GOALS.verifyCpu);
  goal('verify p50 duration / floor, 2 ms each way', `${p50Ratio.toFixed(3)}×`, `≤ ${GOALS.distantP50}×`, p50Ratio <= GOALS.distantP50);
  const errors = local.candidate.errors + distant.candidate.errors + local.reference.errors + distant.reference.errors;
  goal('invocations that failed', String(errors), '0', errors === 0);
}

if (runs('pages')) {
  const { pages, floor, verifyAnswers } = await measurePages(log);
  console.log('## Pages through the pages handler (their own function, apart from the verify API)\n');
  console.log(LOOP_HEADER);
  console.log(row('floor (API)', floor));
  for (const { page, stats } of pages) console.log(row(page, stats));
  console.log(`\nThe verify bundle answers the pages' paths with ${verifyAnswers.join(', ')}: its environments never render a page.\n`);
  const apart = verifyAnswers.every((answer) => answer === 404);
  goal('pages served apart from the API (no page render in a verify environment)', apart ? 'yes' : 'no', 'yes', apart);
}

if (runs('cold')) {
  const figures = await measureColdStarts(log);
  console.log('## Cold start on Node 24: import + first invocation, median of 15 interleaved rounds\n');
  console.log(
    '| bundle | size loaded at import (KiB) | chunks on demand (KiB) | import (ms) | first invocation (ms) | second invocation (ms) | import + first (ms) | process start to first answer (ms) | ratio to floor |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  for (const figure of figures) {
    const onDemand = figure.onDemand.length === 0 ? '' : `${kib(figure.onDemand.reduce((sum, { bytes }) => sum + bytes, 0))} (${figure.onDemand.length})`;
    console.log(
      `| ${figure.name} | ${kib(figure.bytes)} | ${onDemand} | ${figure.importMs.toFixed(1)} | ${figure.firstInvocationMs.toFixed(1)} | ${figure.secondInvocationMs.toFixed(1)} | ${figure.totalMs.toFixed(1)} | ${figure.processToFirstMs.toFixed(1)} | ${figure.ratio.toFixed(2)}× |`,
    );
    if (figure.name.includes(',') || figure.name === 'floor') continue;
    goal(`${figure.name} cold start / floor`, `${figure.ratio.toFixed(2)}×`, `≤ ${GOALS.coldStart}×`, figure.ratio <= GOALS.coldStart);
    goal(`${figure.name} bundle size loaded at import`, `${kib(figure.bytes)} KiB`, `≤ ${GOALS.bundleKiB} KiB`, figure.bytes / 1024 <= GOALS.bundleKiB);
  }
  console.log();
}

if (runs('profile')) {
  const rows = await measureProfile(log);
  console.log('## Where an invocation goes: self time per invocation by layer (V8 CPU profile of the measured loop)\n');
  console.log('| layer | floor (ms) | verify (ms) | verify − floor (ms) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const { layer, floorMs, verifyMs } of rows) {
    if (floorMs < 0.001 && verifyMs < 0.001) continue;
    console.log(`| ${layer} | ${ms(floorMs)} | ${ms(verifyMs)} | ${(verifyMs - floorMs >= 0 ? '+' : '') + ms(verifyMs - floorMs)} |`);
  }
  const total = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((sum, r) => sum + pick(r), 0);
  console.log(`| total | ${ms(total((r) => r.floorMs))} | ${ms(total((r) => r.verifyMs))} | |\n`);
}

if (runs('publication')) {
  const figures = await measurePublication(log);
  const rounds = (values: readonly number[]) => values.map((value) => value.toFixed(0)).join(', ');
  const { resume } = figures;
  console.log('## Publication: an edition of 1,000 notices against the same write requests sent bare\n');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| publish 1,000 notices, every hook (ms, per round) | ${rounds(figures.publishMs)} |`);
  console.log(`| floor: the same write requests, bare (ms, per round) | ${rounds(figures.floorMs)} |`);
  console.log(`| write requests (transactions) / items written | ${figures.requests} (${figures.transactions}) / ${figures.items} |`);
  console.log(`| killed midway: requests answered / in flight (items) | ${resume.answeredBeforeKill} / ${resume.unfinishedAtKill} (${resume.unfinishedItems}) |`);
  console.log(`| resumed run: requests | ${resume.resumedRequests} |`);
  console.log(`| both runs beyond an uninterrupted one: requests (items) | ${resume.extraRequests} (${resume.extraItems}) |`);
  console.log(`| notices in the published edition | ${resume.publishedNotices} |\n`);
  goal('publication / bare write requests', `${figures.ratio.toFixed(2)}×`, `≤ ${GOALS.publication}×`, figures.ratio <= GOALS.publication);
  goal(
    'writes beyond the unfinished request after a kill (items)',
    String(resume.extraItems),
    `≤ ${resume.unfinishedItems}`,
    resume.extraRequests <= resume.unfinishedAtKill && resume.extraItems <= resume.unfinishedItems,
  );
}

if (runs('http')) {
  const figures = await measureVerify(log);
  console.log('## Local HTTP stack (reported, no goal): verify through scripts/start.ts vs a node:http + GetItem server\n');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| verify throughput, full local HTTP stack (req/s) | ${figures.verifyRps.toFixed(0)} |`);
  console.log(`| floor throughput, node:http + one GetItem (req/s) | ${figures.floorRps.toFixed(0)} |`);
  console.log(`| verify / floor | ${figures.throughputRatio.toFixed(2)} |`);
  const { verify, floor } = figures.cpuPerRequest;
  console.log(`| CPU per request, verify server / floor server (ms) | ${verify.serverMs.toFixed(2)} / ${floor.serverMs.toFixed(2)} |`);
  console.log(`| CPU per request, database under verify / under floor (ms) | ${verify.databaseMs.toFixed(2)} / ${floor.databaseMs.toFixed(2)} |`);
  console.log(`| verify errors and non-2xx under load | ${figures.verifyErrors} |`);
  console.log(`| verify p50, 1k published notices (ms) | ${figures.p50SmallMs.toFixed(2)} |`);
  console.log(`| verify p50, 100k published notices (ms) | ${figures.p50LargeMs.toFixed(2)} |\n`);
  goal('verify p50 with 100k notices / with 1k', `${figures.latencyRatio.toFixed(2)}×`, `≤ ${GOALS.largeTableP50}×`, figures.latencyRatio <= GOALS.largeTableP50);
}

if (runs('batch')) {
  const figures = await measureBatch(log);
  const { reference: single, candidate: batch } = figures.comparison;
  const perNumber = (stats: LoopStats, numbers: number) => ms(stats.cpuMs / numbers);
  console.log(`## Batch verify in Lambda mode: partners answering ${figures.batchSize} numbers vs verify answering one, DynamoDB 2 ms away each way (interleaved loops)\n`);
  console.log(LOOP_HEADER);
  console.log(row('verify, one lookup', single));
  console.log(row(`partners, a batch of ${figures.batchSize}`, batch));
  console.log('\n| measure | single | batch | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| CPU per number (ms; ratio: median of rounds) | ${perNumber(single, 1)} | ${perNumber(batch, figures.batchSize)} | ${figures.cpuRatio.toFixed(3)}× |`);
  console.log(`| p50 of one invocation (ms; ratio: median of rounds) | ${single.p50Ms.toFixed(2)} | ${batch.p50Ms.toFixed(2)} | ${figures.p50Ratio.toFixed(2)}× |`);
  const floorRatio = figures.batchGetItemP50Ms / figures.getItemP50Ms;
  console.log(
    `| floor, the store alone at the same distance: GetItem / one BatchGetItem of ${figures.distinctKeys} keys, p50 (ms) | ${figures.getItemP50Ms.toFixed(2)} | ${figures.batchGetItemP50Ms.toFixed(2)} | ${floorRatio.toFixed(2)}× |`,
  );
  console.log(`| p50 above that floor (ms) | ${(single.p50Ms - figures.getItemP50Ms).toFixed(2)} | ${(batch.p50Ms - figures.batchGetItemP50Ms).toFixed(2)} | |`);
  console.log(`| the batch's second round trip alone: quota counter + log item, one transaction, p50 (ms) | | ${figures.quotaAndLogP50Ms.toFixed(2)} | |`);
  const stores = figures.batchGetItemP50Ms + figures.quotaAndLogP50Ms;
  console.log(`| p50 above both store floors (ms) | | ${(batch.p50Ms - stores).toFixed(2)} | |`);
  console.log(`| best a batch can do here: (BatchGetItem + transaction) / single's GetItem | | | ${(stores / figures.getItemP50Ms).toFixed(2)}× |`);
  console.log(`\np50 ratio by round (the goal takes their median): ${figures.comparison.roundP50Ratios.map((ratio) => ratio.toFixed(2)).join(', ')}\n`);
  goal('batch verify CPU per number / single (median of rounds)', `${figures.cpuRatio.toFixed(3)}×`, `≤ ${GOALS.batchCpu}×`, figures.cpuRatio <= GOALS.batchCpu);
  goal(`batch of ${figures.batchSize} p50 / single lookup p50, 2 ms each way (median of rounds)`, `${figures.p50Ratio.toFixed(2)}×`, `≤ ${GOALS.batchLatency}×`, figures.p50Ratio <= GOALS.batchLatency);
  goal('batch and single invocations that failed', String(single.errors + batch.errors), '0', single.errors + batch.errors === 0);
}

if (runs('load')) {
  const { rssBeforeMiB, rounds } = await measureLoad(log);
  console.log('## Mixed load (6 hits : 3 misses : 1 filing), whole local system, rounds back to back\n');
  console.log('| round | requests | errors | p50 (ms) | p99 (ms) | filings | server RSS after (MiB) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| before | | | | | | ${rssBeforeMiB.toFixed(0)} |`);
  rounds.forEach((round, index) => {
    console.log(`| ${index + 1} | ${round.requests} | ${round.errors} | ${round.p50Ms} | ${round.p99Ms} | ${round.filings} | ${round.rssMiB.toFixed(0)} |`);
  });
  console.log();
  const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
  const first = rounds[0]?.rssMiB ?? Number.NaN;
  const last = rounds.at(-1)?.rssMiB ?? Number.NaN;
  // Growth after the first round (warm caches, JIT) is what a leak would show.
  const growth = (last - first) / first;
  goal('mixed load errors', String(errors), '0', errors === 0);
  goal(`server RSS growth, round 1 to ${rounds.length}`, `${(growth * 100).toFixed(1)} %`, `≤ ${GOALS.loadRssGrowth * 100} %`, growth <= GOALS.loadRssGrowth);
}

if (runs('log')) {
  const figures = await measureLog(log);
  const rounds = (values: readonly number[]) => values.map((value) => value.toFixed(0)).join(', ');
  console.log('## Transparency log: an edition of 1,000 notices published with and without the log, and proof cost by log size (DynamoDB Local)\n');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| publish 1,000 notices without the log (ms, per round) | ${rounds(figures.withoutLogMs)} |`);
  console.log(`| publish 1,000 notices with the log, checkpoint signed (ms, per round) | ${rounds(figures.withLogMs)} |`);
  console.log(`| inclusion proof p50, 1k entries (ms; stored nodes read) | ${figures.proofSmallMs.toFixed(2)} (${figures.nodesReadSmall}) |`);
  console.log(`| inclusion proof p50, 1M entries (ms; stored nodes read) | ${figures.proofLargeMs.toFixed(2)} (${figures.nodesReadLarge}) |\n`);
  goal('publication with the log / without', `${figures.appendRatio.toFixed(2)}×`, `≤ ${GOALS.logAppend}×`, figures.appendRatio <= GOALS.logAppend);
  goal('inclusion proof p50, 1M entries / 1k', `${figures.proofRatio.toFixed(2)}×`, `≤ ${GOALS.logProof}×`, figures.proofRatio <= GOALS.logProof);
}

if (runs('search')) {
  const figures = await measureSearch(log);
  console.log('## Staff search (by number and by name) through the moderation app, 1k vs 100k declarations (DynamoDB Local)\n');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| seeding both tables (s) | ${figures.seededSeconds.toFixed(0)} |`);
  console.log(`| search p50, 1k declarations (ms) | ${figures.p50SmallMs.toFixed(2)} |`);
  console.log(`| search p50, 100k declarations (ms) | ${figures.p50LargeMs.toFixed(2)} |`);
  console.log(`| failed or empty searches | ${figures.errors} |\n`);
  goal('staff search p50, 100k declarations / 1k', `${figures.ratio.toFixed(2)}×`, `≤ ${GOALS.searchP50}×`, figures.ratio <= GOALS.searchP50);
  goal('staff searches that failed or found nothing', String(figures.errors), '0', figures.errors === 0);
}

console.log('## Goals\n');
console.log('| goal | measured | limit | |');
console.log('| --- | ---: | ---: | --- |');
for (const line of summary) console.log(line);
