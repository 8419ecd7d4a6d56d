// This machine's replies from OpenCode Go models (provider `opencode-go`), at the time and cost the budgets count
// them (a $0 reply at its list price, where the catalog has one): the Go windows' forecast before the
// endpoint's percents have moved.
import type { ServerRegistry } from '../servers/serverRegistry';
import { spentMessages } from '../../store/copiedHistory';
import { PACE_WINDOW_MS, type Spend } from '../../store/forecast';

export const GO_PROVIDER = 'opencode-go';

export function goReplies(registry: ServerRegistry, now = Date.now()): Spend[] {
  const since = now - PACE_WINDOW_MS;
  const out: Spend[] = [];
  for (const c of registry.all)
    for (const record of c.sessions.all()) {
      if (record.lastActivity < since) continue;
      for (const m of spentMessages(record)) {
        if (m.providerID !== GO_PROVIDER || m.created < since) continue;
        const listed = m.usage.cost === 0 ? c.listPrices.pricer.price(m.providerID, m.modelID, m.usage) : undefined;
        out.push({ created: m.created, cost: listed ? listed.cost : m.usage.cost });
      }
    }
  return out;
}
