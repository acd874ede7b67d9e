/**
 * The floor for the load benchmark: a Hono worker on the same runtime that answers every DoH
 * GET with one fixed small reply, doing no DNS work at all.
 */
import { Hono } from 'hono'

const REPLY = new Uint8Array([0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 3, 0x77, 0x65, 0x62, 0, 0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1])

const app = new Hono()
app.get('/dns-query', () => new Response(REPLY, { headers: { 'content-type': 'application/dns-message', 'cache-control': 'max-age=60' } }))

export default app
