import type { CallFlowClock } from '../dial-in/budget';
import { VirtualClock } from './fakes/virtual-clock';

/**
 * The call flow's clock on the simulator's virtual time: budgets and AWS-call timeouts expire when
 * the virtual clock passes them (the simulator advances it through held requests' deadlines).
 * Pass it as `createMeetingJoinHandler({ clock: virtualCallFlowClock(sim.clock), ... })`.
 */
export function virtualCallFlowClock(clock: VirtualClock): CallFlowClock {
  return {
    now: () => clock.now(),
    timeout: (ms) => {
      const controller = new AbortController();
      void clock.sleep(Math.max(0, ms)).then(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')));
      return controller.signal;
    },
  };
}
