package dialin.example;

import io.github.cdkchimemeetingdialin.CallPrompt;
import io.github.cdkchimemeetingdialin.CallerIdentity;
import io.github.cdkchimemeetingdialin.MeetingDialIn;
import io.github.cdkchimemeetingdialin.PhoneNumber;
import io.github.cdkchimemeetingdialin.PhoneNumberProps;
import io.github.cdkchimemeetingdialin.WaitingRoomOptions;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sns.Topic;

/** The example app of examples/app.ts, written in Java. Usage: DialInExampleApp OUTDIR */
public final class DialInExampleApp {
    private DialInExampleApp() {
    }

    public static App buildExampleApp(final String outdir) {
        // Version reporting off, as in every bindings app: AWS::CDK::Metadata encodes the app's language.
        App app = new App(AppProps.builder().outdir(outdir).analyticsReporting(false).build());
        Stack stack = new Stack(app, "DialInExample", StackProps.builder()
                .env(Environment.builder().region("us-east-1").build())
                .build());

        Topic onCall = Topic.Builder.create(stack, "OnCall").enforceSsl(true).build();
        PhoneNumber tollFree = PhoneNumber.Builder.create(stack, "TollFree")
                .tollFreePrefix("888")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        MeetingDialIn dialIn = MeetingDialIn.Builder.create(stack, "DialIn")
                .phoneNumberOptions(PhoneNumberProps.builder().areaCode("206").removalPolicy(RemovalPolicy.RETAIN).build())
                .phoneNumbers(List.of(tollFree))
                .pinLength(6)
                .pinTimeout(Duration.seconds(10))
                .callerIdentity(CallerIdentity.MASKED)
                .alarms(true)
                .alarmActions(List.of(new SnsAction(onCall)))
                .dashboard(true)
                .waitingRoom(WaitingRoomOptions.builder()
                        .holdPrompt(CallPrompt.text("Thanks for calling. The host will let you into the meeting shortly."))
                        .lobbyTimeout(Duration.minutes(20))
                        .build())
                .build();

        Function backend = Function.Builder.create(stack, "AppBackend")
                .runtime(Runtime.NODEJS_24_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({});"))
                .build();
        dialIn.connectBackend(backend);
        return app;
    }

    public static void main(final String[] args) {
        buildExampleApp(args[0]).synth();
    }
}
