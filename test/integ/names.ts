/** Where an integration run can go: phone numbers are ordered only in these regions. */
export const INTEG_REGIONS = ['us-east-1', 'us-west-2'];

/** The stack under test. */
export const DIAL_IN_STACK_NAME = 'MeetingDialInInteg';

/** The stack of the assertions (integ-tests-alpha custom resources). */
export const ASSERTION_STACK_NAME = 'MeetingDialInIntegAssertions';
