// Loads every provider of a promptfoo config with promptfoo's own
// loadApiProvider (no request is sent) and prints, one JSON line each, the
// provider class, its base URL and the API key it would send. Run by
// tests/integrations.rs with a controlled environment.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { loadApiProvider } from 'promptfoo';

// Some providers start background work (Azure tries its credential chain);
// its failure without credentials is expected here and not a result.
process.on('unhandledRejection', (e) => console.error('background:', String(e?.message ?? e)));

const config = load(readFileSync(process.argv[2], 'utf8'));
for (const p of config.providers) {
  const out = { label: p.label, id: p.id };
  try {
    const provider = await loadApiProvider(p.id, { options: { config: p.config ?? {} } });
    out.class = provider.constructor.name;
    out.key = typeof provider.getApiKey === 'function' ? (provider.getApiKey() ?? null) : null;
    out.url = typeof provider.getApiUrl === 'function' ? (provider.getApiUrl() ?? null) : null;
  } catch (e) {
    out.error = String(e?.message ?? e);
  }
  console.log(JSON.stringify(out));
}
process.exit(0);
