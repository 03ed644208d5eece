import { measureBundles } from './bundles.js';
import { measureVerify } from './verify.js';

const BUNDLE_GOAL_BYTES = 250 * 1024;
const IMPORT_RATIO_GOAL = 1.3;
const VERIFY_THROUGHPUT_GOAL = 0.9;
const VERIFY_LATENCY_RATIO_GOAL = 1.1;

/** `npm run bench` runs every section; `npm run bench -- verify` (or `bundles`) runs one. */
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
  console.log(`| verify errors and non-2xx under load | ${figures.verifyErrors} | 0 | ${met(figures.verifyErrors === 0)} |`);
  console.log(`| verify p50, 1k published notices (ms) | ${figures.p50SmallMs.toFixed(2)} | | |`);
  console.log(`| verify p50, 100k published notices (ms) | ${figures.p50LargeMs.toFixed(2)} | | |`);
  console.log(`| p50 100k / 1k | ${figures.latencyRatio.toFixed(2)} | ≤ ${VERIFY_LATENCY_RATIO_GOAL} | ${met(figures.latencyRatio <= VERIFY_LATENCY_RATIO_GOAL)} |`);
  console.log();
}
