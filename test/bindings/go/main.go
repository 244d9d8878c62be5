// The example app of examples/app.ts, written in Go: it must synthesize the same template.
// Usage: go run . OUTDIR
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-chime-meeting-dialin/cdk-chime-meeting-dialin-go/cdkchimemeetingdialin"
)

func buildExampleApp(outdir string) awscdk.App {
	// Version reporting off, as in every bindings app: AWS::CDK::Metadata encodes the app's language.
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir), AnalyticsReporting: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("DialInExample"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("us-east-1")},
	})

	onCall := awssns.NewTopic(stack, jsii.String("OnCall"), &awssns.TopicProps{EnforceSSL: jsii.Bool(true)})
	tollFree := cdkchimemeetingdialin.NewPhoneNumber(stack, jsii.String("TollFree"), &cdkchimemeetingdialin.PhoneNumberProps{
		TollFreePrefix: jsii.String("888"),
		RemovalPolicy:  awscdk.RemovalPolicy_RETAIN,
	})

	dialIn := cdkchimemeetingdialin.NewMeetingDialIn(stack, jsii.String("DialIn"), &cdkchimemeetingdialin.MeetingDialInProps{
		PhoneNumberOptions: &cdkchimemeetingdialin.PhoneNumberProps{
			AreaCode:      jsii.String("206"),
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		},
		PhoneNumbers:   &[]cdkchimemeetingdialin.IPhoneNumber{tollFree},
		PinLength:      jsii.Number(6),
		PinTimeout:     awscdk.Duration_Seconds(jsii.Number(10)),
		CallerIdentity: cdkchimemeetingdialin.CallerIdentity_MASKED,
		Alarms:         jsii.Bool(true),
		AlarmActions:   &[]awscloudwatch.IAlarmAction{awscloudwatchactions.NewSnsAction(onCall)},
		Dashboard:      jsii.Bool(true),
		WaitingRoom: &cdkchimemeetingdialin.WaitingRoomOptions{
			HoldPrompt:   cdkchimemeetingdialin.CallPrompt_Text(jsii.String("Thanks for calling. The host will let you into the meeting shortly.")),
			LobbyTimeout: awscdk.Duration_Minutes(jsii.Number(20)),
		},
	})

	backend := awslambda.NewFunction(stack, jsii.String("AppBackend"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => ({});")),
	})
	dialIn.ConnectBackend(backend)
	return app
}

func main() {
	defer jsii.Close()
	buildExampleApp(os.Args[1]).Synth(nil)
}
