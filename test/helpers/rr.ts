/**
 * Resource records as zone-file text, the way CoreDNS's tests compare them:
 * 'web.example.com. 60 IN A 192.0.2.1'.
 */
import { rrLine } from '../../src/core/dns/presentation.ts'
import type { RR } from '../../src/core/dns/types.ts'

/** The same record as zone-file text, for readable failure messages. */
export function rrText(record: RR): string {
  return rrLine(record)
}
