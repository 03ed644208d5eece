/**
 * A small typed view of a synthesized CloudFormation template, for assertions that need to follow references
 * (method → resource path, function → role → policy statements) rather than match one resource in isolation.
 */
import type { FunctionName } from '../../functions/routes.js';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyDocument {
  readonly Statement: readonly PolicyStatement[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const asList = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

/** The logical ID a `{ Ref }` or `{ Fn::GetAtt: [id, attr] }` points at. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** Converts an IAM `StringLike` pattern to a regular expression. */
export function iamPattern(pattern: string): RegExp {
  const body = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${body.join('')}$`);
}

export class TemplateModel {
  constructor(readonly template: CfnTemplate) {}

  ofType(type: string): [string, CfnResource][] {
    return Object.entries(this.template.Resources).filter(([, resource]) => resource.Type === type);
  }

  /** The one resource of a type; fails if there are none or several. */
  only(type: string): [string, CfnResource] {
    const found = this.ofType(type);
    if (found.length !== 1 || !found[0]) throw new Error(`expected exactly one ${type}, found ${found.length}`);
    return found[0];
  }

  resource(logicalId: string): CfnResource {
    const found = this.template.Resources[logicalId];
    if (!found) throw new Error(`no resource ${logicalId}`);
    return found;
  }

  props(logicalId: string): Record<string, unknown> {
    return this.resource(logicalId).Properties ?? {};
  }

  /** Lambda functions keyed by the service name they log under (POWERTOOLS_SERVICE_NAME). */
  functionsByName(): Map<string, string> {
    const byName = new Map<string, string>();
    for (const [id, fn] of this.ofType('AWS::Lambda::Function')) {
      const environment = fn.Properties?.Environment;
      const variables = isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
      const name = variables.POWERTOOLS_SERVICE_NAME;
      if (typeof name === 'string') byName.set(name, id);
    }
    return byName;
  }

  functionId(name: FunctionName): string {
    const id = this.functionsByName().get(name);
    if (!id) throw new Error(`no function for ${name}`);
    return id;
  }

  environment(name: FunctionName): Record<string, unknown> {
    const environment = this.props(this.functionId(name)).Environment;
    return isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
  }

  roleId(name: FunctionName): string {
    const id = referencedId(this.props(this.functionId(name)).Role);
    if (!id) throw new Error(`function ${name} has no role of this stack`);
    return id;
  }

  /** Every statement that applies to the function's role: inline policies and any AWS::IAM::Policy attached to it. */
  statements(name: FunctionName): PolicyStatement[] {
    const roleId = this.roleId(name);
    const inline = (this.props(roleId).Policies as { PolicyDocument: PolicyDocument }[] | undefined) ?? [];
    const attached = this.ofType('AWS::IAM::Policy')
      .filter(([, policy]) => asList((policy.Properties?.Roles ?? []) as unknown[]).some((role) => referencedId(role) === roleId))
      .map(([, policy]) => ({ PolicyDocument: policy.Properties?.PolicyDocument as PolicyDocument }));
    return [...inline, ...attached].flatMap((policy) => policy.PolicyDocument.Statement);
  }

  /** The full path of every API Gateway resource, `/` for the root, following ParentId up to the RestApi. */
  resourcePaths(): Map<string, string> {
    const paths = new Map<string, string>();
    const pathOf = (id: string): string => {
      const known = paths.get(id);
      if (known !== undefined) return known;
      const { ParentId, PathPart } = this.props(id) as { ParentId: unknown; PathPart: string };
      const parentId = referencedId(ParentId);
      const parentPath = parentId && this.resource(parentId).Type === 'AWS::ApiGateway::Resource' ? pathOf(parentId) : '';
      const path = `${parentPath}/${PathPart}`;
      paths.set(id, path);
      return path;
    };
    for (const [id] of this.ofType('AWS::ApiGateway::Resource')) pathOf(id);
    return paths;
  }

  /** API Gateway methods with the path they sit on. */
  methods(): { id: string; path: string; httpMethod: string; props: Record<string, unknown> }[] {
    const paths = this.resourcePaths();
    return this.ofType('AWS::ApiGateway::Method').map(([id, method]) => {
      const props = method.Properties ?? {};
      const resourceId = referencedId(props.ResourceId);
      const path = (resourceId && paths.get(resourceId)) ?? '/';
      return { id, path, httpMethod: String(props.HttpMethod), props };
    });
  }
}
