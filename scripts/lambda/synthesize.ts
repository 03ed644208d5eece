import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_ENTRIES, type FunctionName } from '../../functions/routes.js';
import { createShengmingApp, STACK_NAME } from '../../infra/shengming-app.js';
import { assemblyFunctions, type AssemblyFunction } from './cloud-assembly.js';

/**
 * Synthesizes the stack (cdk.json's context, the same bundling `cdk synth` and a deployment run) into `outdir`
 * and returns each function of it by name: its bundle directory and the template's settings.
 */
export function synthesizeFunctions(outdir: string): Record<FunctionName, AssemblyFunction> {
  const { context } = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // What the CDK CLI adds to the context: the construct path and the asset directory on every resource.
  const cliContext = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true };
  createShengmingApp({ ...context, ...cliContext }, outdir).app.synth();
  const functions = assemblyFunctions(outdir, STACK_NAME);
  const byName = (name: FunctionName) => {
    const found = functions.find(({ constructPath }) => constructPath.startsWith(`${STACK_NAME}/Functions/${name}/`));
    if (!found) throw new Error(`the synthesized stack has no ${name} function`);
    return found;
  };
  return Object.fromEntries((Object.keys(FUNCTION_ENTRIES) as FunctionName[]).map((name) => [name, byName(name)])) as Record<FunctionName, AssemblyFunction>;
}
