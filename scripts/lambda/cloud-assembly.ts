import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Lambda function of a synthesized stack: where its bundle is and how the template configures it. */
export interface AssemblyFunction {
  readonly logicalId: string;
  /** The construct path, e.g. `Shengming/Functions/verify/Function/Resource`. */
  readonly constructPath: string;
  /** The bundled asset directory in cdk.out (the task root). */
  readonly directory: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memoryMiB: number;
  readonly timeoutSeconds: number;
  /**
   * The template's environment variables. References to other resources (`{ Ref: … }`, `Fn::GetAtt` …) are
   * returned as `undefined` values under their names, for the caller to give local values.
   */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: {
    readonly Handler?: string;
    readonly Runtime?: string;
    readonly MemorySize?: number;
    readonly Timeout?: number;
    readonly Environment?: { readonly Variables?: Readonly<Record<string, unknown>> };
  };
  readonly Metadata?: Readonly<Record<string, string | undefined>>;
}

/** The Lambda functions of `stackName` in a cloud assembly (`cdk synth -o <outdir>`, or `app.synth()`). */
export function assemblyFunctions(outdir: string, stackName: string): AssemblyFunction[] {
  const template = JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, TemplateResource>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:asset:path'])
    .map(([logicalId, { Properties: properties = {}, Metadata: metadata = {} }]) => ({
      logicalId,
      constructPath: metadata['aws:cdk:path'] ?? logicalId,
      directory: join(outdir, metadata['aws:asset:path'] ?? ''),
      handler: properties.Handler ?? 'index.handler',
      runtime: properties.Runtime ?? '',
      memoryMiB: properties.MemorySize ?? 128,
      timeoutSeconds: properties.Timeout ?? 3,
      environment: Object.fromEntries(
        Object.entries(properties.Environment?.Variables ?? {}).map(([name, value]) => [name, typeof value === 'string' ? value : undefined]),
      ),
    }));
}

/**
 * The template's environment with each reference filled from `references` (a local table name, a dummy secret
 * ARN…; names the template does not have are ignored, so a function never gets a variable it is not given),
 * then `localOnly` on top (the DynamoDB Local endpoint, a local lookup key). A reference left without a value
 * is an error: the function would meet it unset.
 */
export function localEnvironment(
  fn: AssemblyFunction,
  references: Readonly<Record<string, string>>,
  localOnly: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    const filled = value ?? references[name];
    if (filled === undefined) throw new Error(`${fn.constructPath}: ${name} refers to another resource; give it a local value`);
    environment[name] = filled;
  }
  return { ...environment, ...localOnly };
}
