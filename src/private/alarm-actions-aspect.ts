import { IAspect } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';

/**
 * Gives every CloudWatch alarm under the construct it is added to the same alarm actions. An aspect,
 * not a loop in the constructor, so that an alarm created after the constructor ran (or by code
 * that never heard of `alarmActions`) gets them too.
 */
export class AlarmActionsAspect implements IAspect {
  /** A forced second synthesis (as cdk-nag's validation runs) visits the alarms again: act once. */
  private readonly done = new WeakSet<cloudwatch.AlarmBase>();

  constructor(private readonly actions: cloudwatch.IAlarmAction[]) {}

  public visit(node: IConstruct): void {
    if (node instanceof cloudwatch.AlarmBase && !this.done.has(node)) {
      this.done.add(node);
      node.addAlarmAction(...this.actions);
    }
  }
}
