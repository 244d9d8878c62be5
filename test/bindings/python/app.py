"""The example app of examples/app.ts, written in Python: it must synthesize the same template.

Usage: python app.py OUTDIR
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from cdk_chime_meeting_dialin import CallerIdentity, CallPrompt, MeetingDialIn, PhoneNumber, PhoneNumberProps, WaitingRoomOptions


def build_example_app(outdir: str) -> cdk.App:
    # Version reporting off, as in every bindings app: AWS::CDK::Metadata encodes the app's language.
    app = cdk.App(outdir=outdir, analytics_reporting=False)
    stack = cdk.Stack(app, "DialInExample", env=cdk.Environment(region="us-east-1"))

    on_call = sns.Topic(stack, "OnCall", enforce_ssl=True)

    dial_in = MeetingDialIn(
        stack,
        "DialIn",
        phone_number_options=PhoneNumberProps(area_code="206", removal_policy=cdk.RemovalPolicy.RETAIN),
        phone_numbers=[PhoneNumber(stack, "TollFree", toll_free_prefix="888", removal_policy=cdk.RemovalPolicy.RETAIN)],
        pin_length=6,
        pin_timeout=cdk.Duration.seconds(10),
        caller_identity=CallerIdentity.MASKED,
        alarms=True,
        alarm_actions=[cloudwatch_actions.SnsAction(on_call)],
        dashboard=True,
        waiting_room=WaitingRoomOptions(
            hold_prompt=CallPrompt.text("Thanks for calling. The host will let you into the meeting shortly."),
            lobby_timeout=cdk.Duration.minutes(20),
        ),
    )

    backend = lambda_.Function(
        stack,
        "AppBackend",
        runtime=lambda_.Runtime.NODEJS_24_X,
        handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => ({});"),
    )
    dial_in.connect_backend(backend)
    return app


if __name__ == "__main__":
    build_example_app(sys.argv[1]).synth()
