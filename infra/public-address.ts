import { CfnOutput, Stack } from 'aws-cdk-lib';
import { BasePathMapping, DomainName, EndpointType, SecurityPolicy, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { contextString } from './context.js';

export interface CustomDomainSettings {
  /** The site's host name, e.g. `shengming.example.cn` (in China regions the ICP-licensed domain). */
  readonly domainName: string;
  /** An ACM certificate for it, in the stack's region. */
  readonly certificateArn: string;
}

/** `-c domainName=… -c certificateArn=…`: both or neither. */
export function customDomainFromContext(scope: Construct): CustomDomainSettings | undefined {
  const domainName = contextString(scope, 'domainName');
  const certificateArn = contextString(scope, 'certificateArn');
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) throw new Error('a custom domain needs both -c domainName=… and -c certificateArn=…');
  return { domainName, certificateArn };
}

/**
 * Where people reach the site, which the functions are told as PUBLIC_BASE_URL (absolute URLs are never made
 * from a request's Host header): the custom domain at `/` when one is configured (its base path mapping sends
 * the whole domain to the stage), else the stage's own URL. The stage URL is spelled out from the API's id rather
 * than taken from the stage, because the stage depends on the functions' integrations: asking it would be a cycle.
 */
export class PublicAddress extends Construct {
  readonly url: string;

  constructor(scope: Construct, id: string, props: { api: RestApi; stageName: string; customDomain?: CustomDomainSettings | undefined }) {
    super(scope, id);
    const stack = Stack.of(this);
    const { customDomain } = props;
    if (customDomain) {
      const domain = new DomainName(this, 'Domain', {
        domainName: customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
        endpointType: EndpointType.REGIONAL,
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      // No base path: the domain's `/` is the stage's `/`, so pages under the domain carry no prefix.
      new BasePathMapping(this, 'Mapping', { domainName: domain, restApi: props.api, stage: props.api.deploymentStage });
      this.url = `https://${customDomain.domainName}/`;
      new CfnOutput(stack, 'CustomDomainTarget', {
        value: domain.domainNameAliasDomainName,
        description: `DNS: point ${customDomain.domainName} (CNAME or alias) at this name`,
      });
    } else {
      this.url = `https://${props.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${props.stageName}/`;
    }
    new CfnOutput(stack, 'PublicUrl', { value: this.url, description: 'The site (PUBLIC_BASE_URL of the functions)' });
  }
}
