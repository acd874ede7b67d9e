// The bindings the test runtime gives `env` from "cloudflare:workers": those of wrangler.toml
// (src/env.ts describes them for the worker itself).
declare namespace Cloudflare {
  interface Env {
    RECORDS: KVNamespace
    OWNERS?: string
    CACHE_SECONDS?: string
  }
}
