import { Annotations, ArnFormat, CustomResource, IResource, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as chime from 'aws-cdk-lib/aws-chime';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { CLOUDFORMATION_SIP_MEDIA_APPLICATION_REGIONS, SIP_MEDIA_APPLICATION_REGIONS } from './private/pstn-audio-regions';
import { SIP_MEDIA_APPLICATION_RESOURCE_TYPE } from './private/resource-types';
import { VoiceProvisioningProvider } from './private/voice-provisioning-provider';

/**
 * A SIP media application: the PSTN Audio resource that invokes a Lambda handler for every call
 * event. Its `env.region` is the region it runs in.
 */
export interface ISipMediaApplication extends IResource {
  /**
   * The ID of the SIP media application.
   * @attribute
   */
  readonly sipMediaApplicationId: string;

  /**
   * The ARN of the SIP media application (`arn:<partition>:chime:<region>:<account>:sma/<id>`).
   * @attribute
   */
  readonly sipMediaApplicationArn: string;

  /** Lets `grantee` place calls from this application (CreateSipMediaApplicationCall). */
  grantCreateCall(grantee: iam.IGrantable): iam.Grant;

  /** Lets `grantee` send updates to this application's calls (UpdateSipMediaApplicationCall). */
  grantUpdateCall(grantee: iam.IGrantable): iam.Grant;
}

/** The grants every SIP media application has, imported or not. */
abstract class SipMediaApplicationBase extends Resource implements ISipMediaApplication {
  public abstract readonly sipMediaApplicationId: string;
  public abstract readonly sipMediaApplicationArn: string;

  public grantCreateCall(grantee: iam.IGrantable): iam.Grant {
    return this.grantOnThis(grantee, 'chime:CreateSipMediaApplicationCall');
  }

  public grantUpdateCall(grantee: iam.IGrantable): iam.Grant {
    return this.grantOnThis(grantee, 'chime:UpdateSipMediaApplicationCall');
  }

  private grantOnThis(grantee: iam.IGrantable, action: string): iam.Grant {
    // Both actions accept the sip-media-application resource type (IAM service reference).
    return iam.Grant.addToPrincipal({ grantee, actions: [action], resourceArns: [this.sipMediaApplicationArn] });
  }
}

/** What identifies an existing SIP media application. */
export interface SipMediaApplicationAttributes {
  /** The ID of the SIP media application. */
  readonly sipMediaApplicationId: string;

  /**
   * The region the SIP media application runs in.
   * @default - the stack's region
   */
  readonly region?: string;
}

/** How a `SipMediaApplication` is provisioned. */
export enum SipMediaApplicationProvisioning {
  /** As a CloudFormation resource, `AWS::Chime::SipMediaApplication`. */
  CLOUDFORMATION = 'cloudformation',
  /**
   * Through the Voice API (CreateSipMediaApplication, UpdateSipMediaApplication,
   * DeleteSipMediaApplication), by the stack's provisioning custom resource: for regions whose
   * CloudFormation has no `AWS::Chime::SipMediaApplication` (us-west-2).
   */
  VOICE_API = 'voice-api',
}

/** Properties of a `SipMediaApplication`. */
export interface SipMediaApplicationProps {
  /**
   * The Lambda function the SIP media application invokes for every call event. It must live in
   * the SIP media application's region; it is granted to `voiceconnector.chime.amazonaws.com`
   * for this account.
   */
  readonly handler: lambda.IFunction;

  /**
   * The name of the SIP media application: 1 to 256 letters, digits, spaces, `_`, `.` and `-`.
   * @default - a name derived from the construct path
   */
  readonly sipMediaApplicationName?: string;

  /**
   * The region of the SIP media application; one of the regions where PSTN Audio runs
   * (us-east-1, us-west-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, ap-northeast-1,
   * ap-northeast-2, ap-southeast-1, ap-southeast-2).
   * @default - the stack's region
   */
  readonly region?: string;

  /**
   * How the SIP media application is provisioned. Either way it has the same attributes, grants
   * and invoke permission.
   * @default - `CLOUDFORMATION` in the regions whose CloudFormation has
   * `AWS::Chime::SipMediaApplication`, `VOICE_API` in the others (us-west-2); `CLOUDFORMATION`,
   * with a synth warning, when the stack's region is unknown at synth
   */
  readonly provisioning?: SipMediaApplicationProvisioning;

  /**
   * Whether to grant `voiceconnector.chime.amazonaws.com` (this account) the permission to invoke
   * `handler`. Set it to `false` only when you manage that permission yourself, e.g. for a
   * function in another account: without it, every call ends with "Access denied".
   * @default true
   */
  readonly grantInvoke?: boolean;
}

/**
 * A SIP media application with the permission that lets the service invoke its handler. It is an
 * `AWS::Chime::SipMediaApplication` where CloudFormation has that type, and is provisioned through
 * the Voice API elsewhere (us-west-2); see `provisioning`.
 */
export class SipMediaApplication extends SipMediaApplicationBase {
  /** Imports a SIP media application from its ID, in this stack's account and region. */
  public static fromSipMediaApplicationId(scope: Construct, id: string, sipMediaApplicationId: string): ISipMediaApplication {
    return SipMediaApplication.fromSipMediaApplicationAttributes(scope, id, { sipMediaApplicationId });
  }

  /** Imports a SIP media application from its ID and region, in this stack's account. */
  public static fromSipMediaApplicationAttributes(
    scope: Construct,
    id: string,
    attrs: SipMediaApplicationAttributes,
  ): ISipMediaApplication {
    const region = attrs.region ?? Stack.of(scope).region;
    validateRegion(region);
    class Import extends SipMediaApplicationBase {
      public readonly sipMediaApplicationId = attrs.sipMediaApplicationId;
      public readonly sipMediaApplicationArn = Stack.of(scope).formatArn({
        service: 'chime',
        region,
        resource: 'sma',
        resourceName: attrs.sipMediaApplicationId,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    }
    return new Import(scope, id, { region });
  }

  public readonly sipMediaApplicationId: string;
  public readonly sipMediaApplicationArn: string;

  /** The handler the SIP media application invokes. */
  public readonly handler: lambda.IFunction;

  constructor(scope: Construct, id: string, props: SipMediaApplicationProps) {
    const region = props.region ?? Stack.of(scope).region;
    super(scope, id, { region });
    const name = props.sipMediaApplicationName
      ?? Names.uniqueResourceName(this, { maxLength: 256, separator: '-', allowedSpecialCharacters: '_.-' });
    validateName(name);
    validateRegion(region);
    validateHandlerRegion(props.handler, region);

    const permission = props.grantInvoke === false ? undefined : this.grantServiceInvoke(props.handler);
    const provisioning = props.provisioning ?? this.provisioningFor(Stack.of(this).region);
    if (provisioning === SipMediaApplicationProvisioning.VOICE_API) {
      validateVoiceApiRegion(region, Stack.of(this).region);
      const provider = VoiceProvisioningProvider.of(this);
      provider.allowSipMediaApplications();
      const resource = new CustomResource(this, 'Resource', {
        serviceToken: provider.serviceToken,
        resourceType: SIP_MEDIA_APPLICATION_RESOURCE_TYPE,
        properties: { Name: name, AwsRegion: region, LambdaArn: props.handler.functionArn },
      });
      dependOn(resource, permission);
      this.sipMediaApplicationId = resource.ref;
      this.sipMediaApplicationArn = resource.getAttString('SipMediaApplicationArn');
    } else {
      const resource = new chime.CfnSipMediaApplication(this, 'Resource', {
        awsRegion: region,
        name,
        endpoints: [{ lambdaArn: props.handler.functionArn }],
      });
      dependOn(resource, permission);
      this.sipMediaApplicationId = resource.attrSipMediaApplicationId;
      this.sipMediaApplicationArn = resource.attrSipMediaApplicationArn;
    }
    this.handler = props.handler;
  }

  /**
   * The service principal needs this grant; without it every call ends with "Access denied". An
   * imported function that cannot take it (another account, or `fromFunctionArn` in a stack whose
   * account or region is unknown) fails synth instead of failing every call.
   */
  private grantServiceInvoke(handler: lambda.IFunction): IConstruct {
    const permissionId = `InvokedBy${Names.uniqueId(this)}`;
    handler.addPermission(permissionId, {
      principal: new iam.ServicePrincipal('voiceconnector.chime.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: Stack.of(this).account,
    });
    const permission = handler.permissionsNode.tryFindChild(permissionId);
    if (!permission) {
      throw new Error(
        `handler ${handler.node.path} cannot be granted the invoke permission of voiceconnector.chime.amazonaws.com: it is imported `
        + 'and CDK cannot tell that it is in this account and region. Import it with lambda.Function.fromFunctionAttributes(scope, id, '
        + '{ functionArn, sameEnvironment: true }) when it is, or add the permission yourself (aws lambda add-permission '
        + '--principal voiceconnector.chime.amazonaws.com --action lambda:InvokeFunction --source-account <account>) and set grantInvoke: false.',
      );
    }
    return permission;
  }

  /** The provisioning the region table picks; an unknown region gets CloudFormation, with a warning. */
  private provisioningFor(stackRegion: string): SipMediaApplicationProvisioning {
    if (Token.isUnresolved(stackRegion)) {
      Annotations.of(this).addWarningV2('cdk-chime-meeting-dialin:sipMediaApplicationProvisioning',
        'The stack\'s region is unknown at synth, so this SIP media application is the CloudFormation resource '
        + 'AWS::Chime::SipMediaApplication, which CloudFormation does not have in us-west-2. Give the stack a region '
        + '(env), or set provisioning: SipMediaApplicationProvisioning.VOICE_API to deploy it in any PSTN Audio region.');
      return SipMediaApplicationProvisioning.CLOUDFORMATION;
    }
    return CLOUDFORMATION_SIP_MEDIA_APPLICATION_REGIONS.includes(stackRegion)
      ? SipMediaApplicationProvisioning.CLOUDFORMATION
      : SipMediaApplicationProvisioning.VOICE_API;
  }
}

const NAME_PATTERN = /^[a-zA-Z0-9 _.-]{1,256}$/;

function dependOn(resource: IConstruct, permission: IConstruct | undefined): void {
  if (permission) {
    resource.node.addDependency(permission);
  }
}

function validateVoiceApiRegion(region: string, stackRegion: string): void {
  if (!Token.isUnresolved(region) && !Token.isUnresolved(stackRegion) && region !== stackRegion) {
    throw new Error(
      `region "${region}" is not the stack's region "${stackRegion}": a SIP media application provisioned through the Voice API `
      + 'runs in its stack\'s region. Create it in a stack in that region.',
    );
  }
}

function validateName(name: string): void {
  if (!Token.isUnresolved(name) && !NAME_PATTERN.test(name)) {
    throw new Error(`sipMediaApplicationName "${name}" is invalid: use 1 to 256 letters, digits, spaces, '_', '.' or '-'.`);
  }
}

function validateRegion(region: string): void {
  if (!Token.isUnresolved(region) && !SIP_MEDIA_APPLICATION_REGIONS.includes(region)) {
    throw new Error(`region "${region}" has no PSTN Audio: choose one of ${SIP_MEDIA_APPLICATION_REGIONS.join(', ')}.`);
  }
}

function validateHandlerRegion(handler: lambda.IFunction, region: string): void {
  const handlerRegion = handler.env.region;
  if (!Token.isUnresolved(handlerRegion) && !Token.isUnresolved(region) && handlerRegion !== region) {
    throw new Error(
      `handler is in region "${handlerRegion}" but the SIP media application is in "${region}": `
      + 'a SIP media application can only invoke a Lambda function in its own region.',
    );
  }
}
