import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { bundledHandlerCode, DEFAULT_ARCHITECTURE, DEFAULT_NODE_RUNTIME } from './bundled-code';

/** The Voice API actions the provisioning handlers call; nothing else. */
const PROVISIONING_ACTIONS = [
  'chime:SearchAvailablePhoneNumbers',
  'chime:CreatePhoneNumberOrder',
  'chime:GetPhoneNumberOrder',
  'chime:ListPhoneNumberOrders',
  'chime:GetPhoneNumber',
  'chime:ListPhoneNumbers',
  'chime:DeletePhoneNumber',
  'chime:CreateSipRule',
  'chime:GetSipRule',
  'chime:ListSipRules',
  'chime:UpdateSipRule',
  'chime:DeleteSipRule',
];

const SINGLETON_ID = 'CdkChimeMeetingDialInVoiceProvisioning';

/**
 * The one custom resource provider per stack behind every `PhoneNumber` and `SipRule`. Phone
 * number orders finish asynchronously, so the provider polls an is-complete handler instead of
 * sleeping inside one invocation.
 */
export class VoiceProvisioningProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: Construct): VoiceProvisioningProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    return existing instanceof VoiceProvisioningProvider ? existing : new VoiceProvisioningProvider(stack, SINGLETON_ID);
  }

  public readonly serviceToken: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const role = new iam.Role(this, 'HandlerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({
      // Phone numbers and SIP rules have no IAM resource type (docs/sma-model.md#iam-resource-types).
      actions: PROVISIONING_ACTIONS,
      resources: ['*'],
    }));
    const onEvent = this.handler('OnEvent', 'provisioning/on-event', role);
    const isComplete = this.handler('IsComplete', 'provisioning/is-complete', role);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(10),
      // Long enough for a US number order (about a minute or two); a stuck order fails the
      // deployment instead of holding it forever.
      totalTimeout: Duration.minutes(30),
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: new logs.LogGroup(this, 'WaiterLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ALL,
      },
    });
    this.serviceToken = provider.serviceToken;
    acknowledgeProviderFindings(this, provider, [onEvent, isComplete]);
  }

  private handler(id: string, entry: string, role: iam.IRole): lambda.Function {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(role);
    return new lambda.Function(this, id, {
      code: bundledHandlerCode(entry),
      handler: 'index.handler',
      runtime: DEFAULT_NODE_RUNTIME,
      architecture: DEFAULT_ARCHITECTURE,
      timeout: Duration.minutes(2),
      memorySize: 256,
      role,
      logGroup,
    });
  }
}

function acknowledgeProviderFindings(scope: Construct, provider: cr.Provider, handlers: lambda.IFunction[]): void {
  const stack = Stack.of(scope);
  const functionArn = (fn: IConstruct) => `<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>`;
  // cdk-nag v3 acknowledges each finding by its full ID: the framework may invoke every version
  // of the functions it orchestrates, which IAM writes as "<function ARN>:*".
  const invokedFunctions = [...handlers, provider.node.findChild('framework-isComplete'), provider.node.findChild('framework-onTimeout')];
  const reasons: Array<[string, string]> = [
    ['AwsSolutions-IAM5[Resource::*]', 'Phone numbers and SIP rules have no IAM resource type, so the Voice provisioning actions need Resource "*"; the list of actions is minimal.'],
    ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'The CDK Provider framework functions use the AWS managed basic execution policy, which only writes their own logs.'],
    ['AwsSolutions-SF2', 'X-Ray tracing of the Provider framework waiter adds cost and no insight: it only polls the is-complete handler.'],
    ...invokedFunctions.map((fn): [string, string] => [
      `AwsSolutions-IAM5[Resource::${functionArn(fn)}:*]`,
      'The CDK Provider framework invokes any version of the provisioning functions it orchestrates.',
    ]),
  ];
  for (const [id, reason] of reasons) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
