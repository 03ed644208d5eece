import { measureBundles } from './bundles.js';

const BUNDLE_GOAL_BYTES = 250 * 1024;
const IMPORT_RATIO_GOAL = 1.3;

const bundles = await measureBundles();
console.log('## Bundles (minified, without @aws-sdk) and cold import time vs a floor that only imports @aws-sdk/lib-dynamodb\n');
console.log('| bundle | size (KB) | import median (ms) | ratio to floor | goal met |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const figure of bundles) {
  const met = figure.name === 'floor' ? '—' : figure.bytes <= BUNDLE_GOAL_BYTES && figure.importRatio <= IMPORT_RATIO_GOAL ? 'yes' : 'NO';
  console.log(
    `| ${figure.name} | ${(figure.bytes / 1024).toFixed(1)} | ${figure.importMs.toFixed(1)} | ${figure.importRatio.toFixed(2)}× | ${met} |`,
  );
}
