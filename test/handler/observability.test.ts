import { Metrics } from '@aws-lambda-powertools/metrics';
import { powertoolsLogger, powertoolsMetrics } from '../../src/handler/observability';

/** What Powertools wrote to stdout and stderr while `run` ran. */
function output(run: () => void): string {
  const written: string[] = [];
  const capture = (chunk: unknown) => { written.push(String(chunk)); return true; };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return written.join('');
}

describe('the bundled handler\'s observability', () => {
  it('publishes the metrics of an event as EMF in the configured namespace', () => {
    const metrics = powertoolsMetrics(new Metrics({ namespace: 'CdkChimeMeetingDialIn', serviceName: 'dial-in-test' }));

    const emf = output(() => {
      metrics.count('Joins');
      metrics.duration('JoinLatency', 420);
      metrics.publish();
    });

    expect(JSON.parse(emf)).toMatchObject({ Joins: 1, JoinLatency: 420, service: 'dial-in-test', _aws: { CloudWatchMetrics: [{ Namespace: 'CdkChimeMeetingDialIn' }] } });
  });

  it('writes nothing for an event that recorded no metric', () => {
    const metrics = powertoolsMetrics(new Metrics({ namespace: 'CdkChimeMeetingDialIn', serviceName: 'dial-in-test' }));

    expect(output(() => metrics.publish())).toBe('');
  });

  it('logs JSON with secrets and phone numbers redacted', () => {
    const logger = powertoolsLogger();

    const line = output(() => logger.error('join failed', { joinToken: 'secret-token', error: 'caller +12065550123 hung up' }));

    expect(JSON.parse(line)).toMatchObject({ level: 'ERROR', message: 'join failed', joinToken: '[redacted]', error: 'caller +*********23 hung up' });
  });
});
