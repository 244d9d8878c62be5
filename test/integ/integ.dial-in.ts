// The dial-in integration test's app, named as integ-runner finds its tests (`npm run integ`
// deploys, asserts and destroys it; `npm test` checks its committed snapshot).
import { dialInIntegApp } from './synth';

dialInIntegApp().app.synth();
